"""The rows behind `gridbot report`: events reported since a moment, and their key times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from models.event import Event, EventLog
from models.grid import Community, LandlordGrid
from models.states import CloseReason, EventState
from models.types import TZDateTime

RESPONDED = (EventState.ACKNOWLEDGED, EventState.IN_PROGRESS, EventState.RESOLVED)


@dataclass(frozen=True)
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


async def report_rows(
    session: AsyncSession, *, since: datetime, community_code: str | None = None
) -> list[ReportRow]:
    responded = (
        select(col(EventLog.event_id), func.min(col(EventLog.at), type_=TZDateTime).label("at"))
        .where(col(EventLog.to_state).in_(RESPONDED))
        .group_by(col(EventLog.event_id))
        .subquery()
    )
    closed = (
        select(col(EventLog.event_id), func.max(col(EventLog.at), type_=TZDateTime).label("at"))
        .where(col(EventLog.to_state) == EventState.CLOSED)
        .group_by(col(EventLog.event_id))
        .subquery()
    )
    statement = (
        select(Event, responded.c.at, closed.c.at)
        .outerjoin(responded, responded.c.event_id == col(Event.id))
        .outerjoin(closed, closed.c.event_id == col(Event.id))
        .where(col(Event.created_at) >= since)
        .order_by(col(Event.created_at), col(Event.id))
    )
    if community_code is not None:
        statement = (
            statement.join(LandlordGrid, col(LandlordGrid.id) == col(Event.landlord_grid_id))
            .join(Community, col(Community.id) == col(LandlordGrid.community_id))
            .where(col(Community.code) == community_code)
        )
    rows = []
    for event, responded_at, closed_at in (await session.exec(statement)).all():
        rows.append(
            ReportRow(
                kind=event.kind,
                state=event.state,
                close_reason=event.close_reason,
                created_at=event.created_at,
                acknowledge_due=event.acknowledge_due,
                resolve_due=event.resolve_due,
                escalation_level=event.escalation_level,
                place=(event.community, event.building, event.unit, event.room),
                first_response_at=responded_at,
                closed_at=closed_at if event.state is EventState.CLOSED else None,
            )
        )
    return rows
