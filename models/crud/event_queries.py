"""Reading events: by number, open duplicates, an assignee's list, due follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, bindparam, exists, func
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select, SelectOfScalar

from bot.kinds import Kind
from models.binding import GroupBinding
from models.event import Event, EventLog, EventReporter
from models.grid import LandlordGrid
from models.person import Person
from models.states import OPEN_STATES, EventState
from models.types import EnumText


async def event_by_number(session: AsyncSession, *, number: str) -> Event | None:
    return (await session.exec(select(Event).where(Event.number == number))).first()


@dataclass(frozen=True, slots=True)
class Spot:
    """Where in a landlord grid a report says the problem is (None: not said)."""

    building: str | None = None
    unit: str | None = None
    room: str | None = None


async def open_duplicate(
    session: AsyncSession,
    *,
    landlord_grid_id: int,
    kind: Kind,
    since: datetime,
    spot: Spot = Spot(),
) -> Event | None:
    """The latest open event of this kind at this landlord grid reported since `since`.

    An event at another building, unit or room than the report names is a different
    problem, not a duplicate ("10幢1单元301" and "10幢2单元301" are two flats); what either
    leaves unsaid matches anything.
    """
    statement = _open_duplicate(_given(spot))
    params = _duplicate_params(landlord_grid_id=landlord_grid_id, kind=kind, since=since, spot=spot)
    return (await session.exec(statement, params=params)).first()


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An open duplicate with what merging a report into it needs to know of its reporters."""

    event: Event
    merged: int  # reporters merged into it so far (the first one not counted)
    has_person: bool  # the person asked about is one of the merged ones


async def open_duplicate_for(
    session: AsyncSession,
    *,
    person_id: int | None,
    landlord_grid_id: int,
    kind: Kind,
    since: datetime,
    spot: Spot = Spot(),
) -> Duplicate | None:
    """`open_duplicate`, and in the same statement its merged reporters: how many, and
    whether `person_id` is one of them."""
    statement = _open_duplicate_for(_given(spot))
    params = _duplicate_params(landlord_grid_id=landlord_grid_id, kind=kind, since=since, spot=spot)
    params["person_id"] = person_id
    row = (await session.exec(statement, params=params)).first()
    return None if row is None else Duplicate(row[0], int(row[1]), bool(row[2]))


# Built once, executed with parameters: a report's duplicate check is on every report's
# path, and building the statement anew cost more than SQLite running it. The open states
# are one bound value each, not the expanding IN a plain list makes: that one is rendered
# into the SQL again at every execution.
_OPEN = [bindparam(f"open_{s.value}", s, type_=EnumText(EventState)) for s in sorted(OPEN_STATES)]


_SPOT_COLUMNS = {"building": Event.building, "unit": Event.unit, "room": Event.room}


def _given(spot: Spot) -> tuple[str, ...]:
    return tuple(name for name in _SPOT_COLUMNS if getattr(spot, name) is not None)


def _duplicate_of(given: tuple[str, ...]) -> list[ColumnElement[bool]]:
    where = [
        col(Event.landlord_grid_id) == bindparam("landlord_grid_id"),
        col(Event.kind) == bindparam("kind"),
        col(Event.state).in_(_OPEN),
        col(Event.created_at) >= bindparam("since"),
    ]
    for name in given:
        column = col(_SPOT_COLUMNS[name])
        where.append(or_(column.is_(None), column == bindparam(name)))
    return where


def _duplicate_params(
    *, landlord_grid_id: int, kind: Kind, since: datetime, spot: Spot
) -> dict[str, Any]:
    params: dict[str, Any] = {"landlord_grid_id": landlord_grid_id, "kind": kind, "since": since}
    return params | {name: getattr(spot, name) for name in _given(spot)}


_NEWEST = col(Event.created_at).desc()
_MERGED = (
    select(func.count())
    .select_from(EventReporter)
    .where(col(EventReporter.event_id) == Event.id)
    .correlate(Event)
    .scalar_subquery()
)
# person_id None (a reporter not stored yet) matches nobody, as `IS NULL` on a key would.
_HAS_PERSON = (
    exists()
    .where(col(EventReporter.event_id) == Event.id)
    .where(col(EventReporter.person_id) == bindparam("person_id"))
    .correlate(Event)
)


# One statement for each combination of building, unit and room a report names.
@cache
def _open_duplicate(given: tuple[str, ...]) -> SelectOfScalar[Event]:
    return select(Event).where(*_duplicate_of(given)).order_by(_NEWEST).limit(1)


@cache
def _open_duplicate_for(given: tuple[str, ...]) -> Select[Event, Any, bool]:
    return (
        select(Event, _MERGED, _HAS_PERSON).where(*_duplicate_of(given)).order_by(_NEWEST).limit(1)
    )


async def events_of_assignee(session: AsyncSession, *, person_id: int) -> list[Event]:
    statement = (
        select(Event)
        .where(Event.assignee_id == person_id)
        .where(col(Event.state).in_(OPEN_STATES))
        .order_by(col(Event.created_at))
    )
    return list((await session.exec(statement)).all())


async def event_history(session: AsyncSession, *, event_id: int) -> list[EventLog]:
    statement = (
        select(EventLog)
        .where(EventLog.event_id == event_id)
        .order_by(col(EventLog.at), col(EventLog.id))
    )
    return list((await session.exec(statement)).all())


async def reporters_of(session: AsyncSession, *, event: Event) -> list[Person]:
    """The first reporter, then the merged ones in the order they joined."""
    statement = (
        select(Person)
        .join(EventReporter, col(EventReporter.person_id) == Person.id)
        .where(EventReporter.event_id == event.id)
        .order_by(col(EventReporter.added_at))
    )
    merged = list((await session.exec(statement)).all())
    first = await session.get(Person, event.reporter_id) if event.reporter_id else None
    return ([first] if first else []) + merged


async def claim_due_events(session: AsyncSession, *, now: datetime, limit: int) -> list[Event]:
    """Events whose `next_action_at` has come, earliest first, locked for this transaction.

    PostgreSQL skips rows another worker holds (FOR UPDATE SKIP LOCKED); SQLite has one
    writer at a time anyway. The caller moves `next_action_at` on before committing.
    """
    statement = (
        select(Event)
        .where(col(Event.next_action_at) <= now)
        .order_by(col(Event.next_action_at), col(Event.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.exec(statement)).all())


async def next_event_action_at(session: AsyncSession) -> datetime | None:
    statement = (
        select(Event.next_action_at)
        .where(col(Event.next_action_at).is_not(None))
        .order_by(col(Event.next_action_at))
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def has_open_assignment(session: AsyncSession, *, person_id: int) -> bool:
    """Whether an open event is assigned to the person (someone it was handed to)."""
    statement = (
        select(Event.id)
        .where(Event.assignee_id == person_id)
        .where(col(Event.state).in_(OPEN_STATES))
        .limit(1)
    )
    return (await session.exec(statement)).first() is not None


async def last_actor_of(session: AsyncSession, *, event_id: int, action: str) -> int | None:
    """Who last logged `action` on the event (e.g. who handed it over)."""
    statement = (
        select(EventLog.actor_id)
        .where(EventLog.event_id == event_id, EventLog.action == action)
        .order_by(col(EventLog.at).desc(), col(EventLog.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def awaiting_confirmation(
    session: AsyncSession, *, person_id: int, chat_id: str, in_group: bool
) -> Event | None:
    """The latest resolved event `person_id` reported (first or merged) that this chat is
    about: in a group, one reported there or belonging to the group's landlord grid (the
    follow-up worker asks there); in a direct chat, any."""
    merged = select(EventReporter.event_id).where(EventReporter.person_id == person_id)
    statement = (
        select(Event)
        .where(Event.state == EventState.RESOLVED)
        .where(or_(Event.reporter_id == person_id, col(Event.id).in_(merged)))
        .order_by(col(Event.id).desc())
    )
    if in_group:
        # A group covering several houses has bindings but no `group_chat` mirror.
        mirrored = select(LandlordGrid.id).where(LandlordGrid.group_chat == chat_id)
        bound = (
            select(GroupBinding.landlord_grid_id)
            .where(GroupBinding.chat_id == chat_id)
            .where(col(GroupBinding.unbound_at).is_(None))
        )
        statement = statement.where(
            or_(
                Event.source_chat_id == chat_id,
                col(Event.landlord_grid_id).in_(mirrored),
                col(Event.landlord_grid_id).in_(bound),
            )
        )
    return (await session.exec(statement.limit(1))).first()


async def open_reports_in_chat(
    session: AsyncSession, *, reporter_id: int, chat_id: str, since: datetime
) -> list[Event]:
    """The reporter's open reports made in this chat since `since`, latest first."""
    statement = (
        select(Event)
        .where(Event.reporter_id == reporter_id, Event.source_chat_id == chat_id)
        .where(col(Event.created_at) >= since)
        .where(col(Event.state).in_(OPEN_STATES))
        .order_by(col(Event.created_at).desc(), col(Event.id).desc())
    )
    return list((await session.exec(statement)).all())
