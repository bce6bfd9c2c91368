"""The event desk's reads: a filtered, scoped list in pages, and one event with its timeline.

Pages are keyset pages on the event id, newest first: page 500 costs what page 1 does,
and an event reported while someone reads does not shift the next page.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from models.event import Event, EventLog
from models.grid import LandlordGrid
from models.person import Person
from models.states import EventState

WAITING = (EventState.NEW, EventState.ASSIGNED)
WORKING = (EventState.ACKNOWLEDGED, EventState.IN_PROGRESS, EventState.REOPENED)


@dataclass(frozen=True, slots=True)
class DeskFilter:
    state: EventState | None = None
    kind: Kind | None = None
    level: int | None = None  # escalation level 0-3
    overdue: bool = False
    house: int | None = None  # a landlord grid id (already checked to be in scope)
    words: str = ""  # found anywhere in the report's text


@dataclass(frozen=True, slots=True)
class DeskRow:
    id: int
    number: str
    kind: Kind
    urgent: bool
    state: EventState
    created_at: datetime
    text: str
    house: str | None
    assignee: str | None
    escalation_level: int
    acknowledge_due: datetime | None
    resolve_due: datetime | None


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Open and past its current deadline, as `bot.reporting.is_overdue` says in Python."""
    return or_(
        and_(col(Event.state).in_(WAITING), col(Event.acknowledge_due) < now),
        and_(col(Event.state).in_(WORKING), col(Event.resolve_due) < now),
    )


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def desk_page(
    session: AsyncSession,
    *,
    houses: Collection[int],
    filters: DeskFilter,
    now: datetime,
    before_id: int | None = None,
    size: int = 50,
) -> tuple[list[DeskRow], int | None]:
    """One page of the scope's events and the id to continue before (None on the last page)."""
    if not houses or (filters.house is not None and filters.house not in houses):
        return [], None
    assignee = aliased(Person)
    where: list[ColumnElement[bool]] = [
        col(Event.landlord_grid_id).in_(
            [filters.house] if filters.house is not None else sorted(houses)
        )
    ]
    if filters.state is not None:
        where.append(col(Event.state) == filters.state)
    if filters.kind is not None:
        where.append(col(Event.kind) == filters.kind)
    if filters.level is not None:
        where.append(col(Event.escalation_level) == filters.level)
    if filters.overdue:
        where.append(overdue_clause(now))
    if filters.words.strip():
        where.append(col(Event.text).like(_like(filters.words.strip()), escape="\\"))
    if before_id is not None:
        where.append(col(Event.id) < before_id)
    statement = (
        select(Event, col(LandlordGrid.name), col(assignee.name))
        .outerjoin(LandlordGrid, col(LandlordGrid.id) == col(Event.landlord_grid_id))
        .outerjoin(assignee, col(assignee.id) == col(Event.assignee_id))
        .where(*where)
        .order_by(col(Event.id).desc())
        .limit(size + 1)
    )
    found = (await session.exec(statement)).all()
    rows = [
        DeskRow(
            id=event.id or 0,
            number=event.number,
            kind=event.kind,
            urgent=event.urgent,
            state=event.state,
            created_at=event.created_at,
            text=event.text,
            house=house,
            assignee=assignee_name,
            escalation_level=event.escalation_level,
            acknowledge_due=event.acknowledge_due,
            resolve_due=event.resolve_due,
        )
        for event, house, assignee_name in found[:size]
    ]
    return rows, (rows[-1].id if len(found) > size else None)


async def scoped_event(
    session: AsyncSession, *, number: str, houses: Collection[int]
) -> Event | None:
    """The event with this number if it belongs to one of `houses`; else None (a 404)."""
    if not houses:
        return None
    statement = (
        select(Event)
        .where(Event.number == number)
        .where(col(Event.landlord_grid_id).in_(sorted(houses)))
    )
    return (await session.exec(statement)).first()


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    actor: str | None  # None: the bot itself
    action: str
    from_state: EventState | None
    to_state: EventState
    note: str | None


async def timeline(session: AsyncSession, *, event_id: int) -> list[Step]:
    statement = (
        select(EventLog, col(Person.name))
        .outerjoin(Person, col(Person.id) == col(EventLog.actor_id))
        .where(EventLog.event_id == event_id)
        .order_by(col(EventLog.at), col(EventLog.id))
    )
    return [
        Step(log.at, actor, log.action, log.from_state, log.to_state, log.note)
        for log, actor in (await session.exec(statement)).all()
    ]
