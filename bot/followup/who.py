"""Who answers for an event at a level: the grid's people, with away marks and deputies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.followup.ladder import LADDER, LadderRung, Level, resolve_assignee
from models.crud.away import away_at
from models.event import Event
from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.person import Person


@dataclass(frozen=True)
class Target:
    person: Person
    level: Level  # may be above the level asked for, when nobody answers there
    standing_in_for: Person | None = None  # the away person a deputy replaces


async def ladder_ids(session: AsyncSession, event: Event) -> list[int | None]:
    """Person ids per level; the leader's rung is the assignee when there is one (a hand-over
    to the property manager makes them the first to answer)."""
    if event.landlord_grid_id is None:
        return [event.assignee_id, None, None, None]
    statement = (
        select(
            col(LandlordGrid.leader_id),
            col(MicroGrid.worker_id),
            col(Grid.worker_id),
            col(Community.staff_id),
        )
        .join(MicroGrid, col(MicroGrid.id) == col(LandlordGrid.micro_grid_id))
        .join(Grid, col(Grid.id) == col(MicroGrid.grid_id))
        .join(Community, col(Community.id) == col(Grid.community_id))
        .where(col(LandlordGrid.id) == event.landlord_grid_id)
    )
    leader, micro, grid, staff = (await session.exec(statement)).one()
    return [event.assignee_id or leader, micro, grid, staff]


async def target_at(
    session: AsyncSession, event: Event, level: Level, now: datetime
) -> Target | None:
    """Who gets a message about `event` at `level` now; None when nobody is named at all."""
    ids = await ladder_ids(session, event)
    named = {person_id for person_id in ids if person_id is not None}
    away = await away_at(session, person_ids=named, now=now)
    rungs = []
    for person_id in ids:
        mark = away.get(person_id) if person_id is not None else None
        rungs.append(
            LadderRung(
                person_key=None if person_id is None else str(person_id),
                away_until=mark.until if mark else None,
                deputy_key=str(mark.deputy_id) if mark and mark.deputy_id else None,
            )
        )
    try:
        chosen = resolve_assignee(rungs, level, now)
    except ValueError:
        return None
    person = await session.get_one(Person, int(chosen.person_key))
    stand_in = chosen.standing_in_for
    replaced = await session.get_one(Person, int(stand_in)) if stand_in else None
    return Target(person, chosen.level, replaced)


def rank(level: Level) -> int:
    return LADDER.index(level)
