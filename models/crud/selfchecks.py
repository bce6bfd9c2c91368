"""The monthly safety self-check's rows: who is asked, what they answered, who finished."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Grid, LandlordGrid, MicroGrid
from models.person import Person
from models.selfcheck import SelfCheck


async def houses_not_asked(
    session: AsyncSession, *, period: str
) -> list[tuple[LandlordGrid, Person]]:
    """Every house (with its landlord) that has no checklist for `period` yet, by code."""
    asked = select(SelfCheck.landlord_grid_id).where(SelfCheck.period == period)
    statement = (
        select(LandlordGrid, Person)
        .join(Person, col(Person.id) == LandlordGrid.leader_id)
        .where(col(LandlordGrid.id).not_in(asked))
        .order_by(col(LandlordGrid.code))
    )
    return [(house, leader) for house, leader in (await session.exec(statement)).all()]


async def start_selfcheck(
    session: AsyncSession,
    *,
    house: LandlordGrid,
    leader: Person,
    period: str,
    questions: int,
    now: datetime,
) -> SelfCheck:
    assert house.id is not None and leader.id is not None
    check = SelfCheck(
        landlord_grid_id=house.id,
        period=period,
        leader_id=leader.id,
        questions=questions,
        sent_at=now,
    )
    session.add(check)
    await session.flush()
    return check


async def reminders_due(
    session: AsyncSession, *, period: str, sent_before: datetime
) -> list[tuple[SelfCheck, LandlordGrid, Person]]:
    """Unfinished checklists of `period` sent before `sent_before` and not reminded yet."""
    statement = (
        select(SelfCheck, LandlordGrid, Person)
        .join(LandlordGrid, col(LandlordGrid.id) == SelfCheck.landlord_grid_id)
        .join(Person, col(Person.id) == SelfCheck.leader_id)
        .where(SelfCheck.period == period)
        .where(col(SelfCheck.completed_at).is_(None))
        .where(col(SelfCheck.reminded_at).is_(None))
        .where(col(SelfCheck.sent_at) < sent_before)
        .order_by(col(LandlordGrid.code))
    )
    return [(c, h, p) for c, h, p in (await session.exec(statement)).all()]


async def unfinished_of(
    session: AsyncSession, *, leader_id: int, period: str
) -> list[tuple[SelfCheck, LandlordGrid]]:
    """A landlord's unfinished checklists of `period`, by house code."""
    statement = (
        select(SelfCheck, LandlordGrid)
        .join(LandlordGrid, col(LandlordGrid.id) == SelfCheck.landlord_grid_id)
        .where(SelfCheck.leader_id == leader_id, SelfCheck.period == period)
        .where(col(SelfCheck.completed_at).is_(None))
        .order_by(col(LandlordGrid.code))
    )
    return [(c, h) for c, h in (await session.exec(statement)).all()]


async def selfcheck_with_house(
    session: AsyncSession, *, check_id: int
) -> tuple[SelfCheck, LandlordGrid] | None:
    statement = (
        select(SelfCheck, LandlordGrid)
        .join(LandlordGrid, col(LandlordGrid.id) == SelfCheck.landlord_grid_id)
        .where(SelfCheck.id == check_id)
    )
    row = (await session.exec(statement)).first()
    return None if row is None else (row[0], row[1])


@dataclass(frozen=True, slots=True)
class GridCompletion:
    """One grid's self-check of a month: houses asked, houses that answered every question."""

    code: str
    name: str
    asked: int
    completed: int
    hazards: int  # "否" answers (each opened a fire_hazard event)

    @property
    def rate(self) -> float | None:
        return self.completed / self.asked if self.asked else None


async def completion_by_grid(
    session: AsyncSession, *, period: str, houses: Collection[int] | None = None
) -> list[GridCompletion]:
    """Per grid (网格), by code: the month's checklists and how many were finished;
    `houses` limits it to those landlord grids (a community, a console scope)."""
    statement = (
        select(Grid.code, Grid.name, SelfCheck.completed_at, SelfCheck.events)
        .join(LandlordGrid, col(LandlordGrid.id) == SelfCheck.landlord_grid_id)
        .join(MicroGrid, col(MicroGrid.id) == LandlordGrid.micro_grid_id)
        .join(Grid, col(Grid.id) == MicroGrid.grid_id)
        .where(SelfCheck.period == period)
        .order_by(col(Grid.code))
    )
    if houses is not None:
        statement = statement.where(col(SelfCheck.landlord_grid_id).in_(list(houses)))
    grids: dict[str, GridCompletion] = {}
    for code, name, completed_at, events in (await session.exec(statement)).all():
        seen = grids.get(code) or GridCompletion(code, name, 0, 0, 0)
        grids[code] = GridCompletion(
            code,
            name,
            seen.asked + 1,
            seen.completed + (completed_at is not None),
            seen.hazards + len(events or {}),
        )
    return list(grids.values())


async def selfcheck_count(session: AsyncSession, *, period: str) -> int:
    statement = select(func.count()).select_from(SelfCheck).where(SelfCheck.period == period)
    return int((await session.exec(statement)).one())
