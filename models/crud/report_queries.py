"""The rows behind `gridbot report`, the console's dashboard, the assessment and a leader's
own month: events reported in a period, with the moments their log records, read in one
statement.

`houses` limits the rows to those landlord grids (a console scope, a community); None
reads every event, unrouted ones included (the server's own report).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from models.event import Event, EventLog
from models.states import CloseReason, EventState
from models.types import TZDateTime

RESPONDED = (EventState.ACKNOWLEDGED, EventState.IN_PROGRESS, EventState.RESOLVED)
HANDLED = (EventState.RESOLVED, EventState.CLOSED)


@dataclass(frozen=True, slots=True)
class ReportRow:
    kind: Kind
    state: EventState
    close_reason: CloseReason | None
    created_at: datetime
    acknowledge_due: datetime | None
    resolve_due: datetime | None
    escalation_level: int
    place: tuple[str | None, str | None, str | None, str | None]  # community, building, unit, room
    first_response_at: datetime | None
    closed_at: datetime | None
    landlord_grid_id: int | None = None
    handled_at: datetime | None = None  # first resolved or closed
    reopened: bool = False


def period_filter(
    *,
    since: datetime,
    until: datetime | None,
    houses: Collection[int] | None,
    assignee: int | None = None,
) -> list[ColumnElement[bool]]:
    """Events reported in [since, until) of the given houses (the console's one scope test),
    and assigned to `assignee` now when one is given (a leader's own month)."""
    where = [col(Event.created_at) >= since]
    if until is not None:
        where.append(col(Event.created_at) < until)
    if houses is not None:
        where.append(col(Event.landlord_grid_id).in_(sorted(houses)))
    if assignee is not None:
        where.append(col(Event.assignee_id) == assignee)
    return where


def _moments(where: list[ColumnElement[bool]]) -> Any:
    """Per event of the period: first response, first resolve-or-close, last close, reopened."""
    at, to = col(EventLog.at), col(EventLog.to_state)
    of_period = select(col(Event.id)).where(*where)
    aggregates: list[Any] = [
        col(EventLog.event_id).label("event_id"),
        func.min(case((to.in_(RESPONDED), at)), type_=TZDateTime).label("responded"),
        func.min(case((to.in_(HANDLED), at)), type_=TZDateTime).label("handled"),
        func.max(case((to == EventState.CLOSED, at)), type_=TZDateTime).label("closed"),
        func.max(case((to == EventState.REOPENED, 1), else_=0)).label("reopened"),
    ]
    return (
        select(*aggregates)
        .where(col(EventLog.event_id).in_(of_period))
        .group_by(col(EventLog.event_id))
        .subquery()
    )


def _statement(where: list[ColumnElement[bool]]) -> Any:
    moments = _moments(where)
    columns: list[Any] = [
        col(Event.kind),
        col(Event.state),
        col(Event.close_reason),
        col(Event.created_at),
        col(Event.acknowledge_due),
        col(Event.resolve_due),
        col(Event.escalation_level),
        col(Event.community),
        col(Event.building),
        col(Event.unit),
        col(Event.room),
        col(Event.landlord_grid_id),
        moments.c.responded,
        moments.c.handled,
        moments.c.closed,
        moments.c.reopened,
    ]
    return (
        select(*columns)
        .outerjoin(moments, moments.c.event_id == col(Event.id))
        .where(*where)
        .order_by(col(Event.created_at), col(Event.id))
    )


async def report_rows(
    session: AsyncSession,
    *,
    since: datetime,
    until: datetime | None = None,
    houses: Collection[int] | None = None,
    assignee: int | None = None,
) -> list[ReportRow]:
    where = period_filter(since=since, until=until, houses=houses, assignee=assignee)
    if houses is not None and not houses:
        return []
    rows = []
    for row in (await session.exec(_statement(where))).all():
        (kind, state, reason, created, ack_due, resolve_due, level) = row[:7]
        (community, building, unit, room, house, responded, handled, closed, reopened) = row[7:]
        rows.append(
            ReportRow(
                kind=kind,
                state=state,
                close_reason=reason,
                created_at=created,
                acknowledge_due=ack_due,
                resolve_due=resolve_due,
                escalation_level=level,
                place=(community, building, unit, room),
                first_response_at=responded,
                closed_at=closed if state is EventState.CLOSED else None,
                landlord_grid_id=house,
                handled_at=handled,
                reopened=bool(reopened),
            )
        )
    return rows


async def kinds_reported(
    session: AsyncSession, *, since: datetime, until: datetime, houses: Collection[int]
) -> list[tuple[Kind, datetime]]:
    """(kind, reported at) of every event in the period: last year's weeks beside this year's."""
    if not houses:
        return []
    where = period_filter(since=since, until=until, houses=houses)
    statement = select(col(Event.kind), col(Event.created_at)).where(*where)
    return [(kind, created) for kind, created in (await session.exec(statement)).all()]
