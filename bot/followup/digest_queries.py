"""The rows behind the digests, streamed so a million open events never sit in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.event import Event
from models.grid import LandlordGrid, MicroGrid
from models.person import Person
from models.states import EventState

# The states in which the assignee still has something to do (resolved waits for the reporter).
ACTIVE = (
    EventState.NEW,
    EventState.ASSIGNED,
    EventState.ACKNOWLEDGED,
    EventState.IN_PROGRESS,
    EventState.REOPENED,
)
LISTED = 15  # events named one by one in a digest; the rest are counted


@dataclass
class Addressee:
    person_id: int
    name: str
    contact_id: str
    lang: str
    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    overdue: int = 0


def _overdue(now: datetime) -> Any:
    waiting = col(Event.state).in_([EventState.NEW, EventState.ASSIGNED])
    return or_(
        and_(waiting, col(Event.acknowledge_due) < now),
        col(Event.resolve_due) < now,
    )


async def leader_digests(session: AsyncSession, *, now: datetime) -> AsyncIterator[Addressee]:
    """Each assignee with a contact, their active events oldest first."""
    statement = (
        select(
            col(Person.id),
            col(Person.name),
            col(Person.contact_id),
            col(Person.lang),
            col(Event.number),
            col(Event.kind),
            col(Event.text),
            col(Event.state),
            case((_overdue(now), True), else_=False),
        )
        .join(Person, col(Person.id) == col(Event.assignee_id))
        .where(col(Event.state).in_(ACTIVE))
        .where(col(Person.contact_id).is_not(None))
        .order_by(col(Person.id), col(Event.created_at), col(Event.id))
    )
    current: Addressee | None = None
    result = await session.stream(statement)
    async for person_id, name, contact, lang, number, kind, text, state, late in result:
        if current is None or current.person_id != person_id:
            if current is not None:
                yield current
            current = Addressee(person_id, name, contact, lang)
        current.total += 1
        current.overdue += bool(late)
        if len(current.items) < LISTED:
            item = {"number": number, "kind": str(kind), "text": text, "state": str(state)}
            current.items.append({**item, "overdue": bool(late)})
    if current is not None:
        yield current


async def worker_digests(session: AsyncSession, *, now: datetime) -> AsyncIterator[Addressee]:
    """Each micro-grid worker with a contact, one item per landlord grid: open and overdue."""
    active = col(Event.state).in_(ACTIVE)
    statement = (
        select(
            col(Person.id),
            col(Person.name),
            col(Person.contact_id),
            col(Person.lang),
            col(LandlordGrid.code),
            col(LandlordGrid.name),
            func.count(col(Event.id)),
            func.coalesce(func.sum(case((_overdue(now), 1), else_=0)), 0),
        )
        .join(MicroGrid, col(MicroGrid.worker_id) == col(Person.id))
        .join(LandlordGrid, col(LandlordGrid.micro_grid_id) == col(MicroGrid.id))
        .outerjoin(Event, and_(col(Event.landlord_grid_id) == col(LandlordGrid.id), active))
        .where(col(Person.contact_id).is_not(None))
        .group_by(col(Person.id), col(Person.name), col(Person.contact_id), col(Person.lang))
        .group_by(col(LandlordGrid.code), col(LandlordGrid.name))
        .order_by(col(Person.id), col(LandlordGrid.code))
    )
    current: Addressee | None = None
    result = await session.stream(statement)
    async for person_id, name, contact, lang, code, grid_name, open_count, late in result:
        if current is None or current.person_id != person_id:
            if current is not None:
                yield current
            current = Addressee(person_id, name, contact, lang)
        current.total += int(open_count)
        current.overdue += int(late)
        item = {"code": code, "name": grid_name, "open": int(open_count), "overdue": int(late)}
        current.items.append(item)
    if current is not None:
        yield current
