"""A leader's month in numbers: the events assigned to them since the month began."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.event import Event, EventLog
from models.states import CloseReason, EventState

_ANSWERED = (EventState.ACKNOWLEDGED, EventState.IN_PROGRESS, EventState.RESOLVED)
_DONE = (EventState.RESOLVED, EventState.CLOSED)


@dataclass(frozen=True, slots=True)
class MonthNumbers:
    assigned: int  # events of the month that are theirs now
    on_time: int  # of them, acknowledged (or taken on) by the acknowledge deadline
    resolved: int  # of them, resolved at least once
    confirmed: int  # of them, closed because the reporter confirmed the fix
    open: int  # of them, neither resolved nor closed
    overdue: int  # of the open ones, past a deadline


async def month_numbers(
    session: AsyncSession, *, person_id: int, since: datetime, now: datetime
) -> MonthNumbers:
    """One statement: the events created since `since` and assigned to `person_id`."""
    answered = (
        select(func.min(col(EventLog.at)))
        .where(col(EventLog.event_id) == col(Event.id))
        .where(col(EventLog.to_state).in_(_ANSWERED))
        .scalar_subquery()
    )
    resolved = (
        select(func.count(col(EventLog.id)))
        .where(col(EventLog.event_id) == col(Event.id))
        .where(col(EventLog.to_state) == EventState.RESOLVED)
        .scalar_subquery()
    )
    still_open = col(Event.state).not_in(_DONE)
    waiting = col(Event.state).in_([EventState.NEW, EventState.ASSIGNED])
    late = or_(and_(waiting, col(Event.acknowledge_due) < now), col(Event.resolve_due) < now)

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    sums: list[Any] = [
        count(True),
        count(answered <= col(Event.acknowledge_due)),
        count(resolved > 0),
        count(col(Event.close_reason) == CloseReason.FIXED),
        count(still_open),
        count(and_(still_open, late)),
    ]
    statement = (
        select(*sums)
        .where(col(Event.assignee_id) == person_id)
        .where(col(Event.created_at) >= since)
    )
    # Six sums: more columns than sqlmodel's typed select() takes, so Core runs it.
    connection = await session.connection()
    row = (await connection.execute(statement)).one()
    return MonthNumbers(*(int(value) for value in row))
