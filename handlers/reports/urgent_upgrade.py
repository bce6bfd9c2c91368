"""A later report that reads as urgent makes its open event urgent ("水管爆了" after "漏水").

The deadlines tighten to the urgent policy (never loosen), the change is logged, the
follow-up worker re-plans at once (next_action_at = now), and the micro-grid worker is
alerted like for any urgent report.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.specs import FollowupRules
from handlers.reports.messages import Report
from handlers.reports.responders import responders_of
from models.crud.events import log_action
from models.event import Event
from models.grid import LandlordGrid


async def make_urgent(
    session: AsyncSession,
    *,
    event: Event,
    report: Report,
    values: dict[str, object],
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound]:
    """Mark `event` urgent; the alert for the micro-grid worker (none if there is nobody)."""
    assert event.id is not None
    due = rules.deadlines(event.kind, urgent=True, start=now)
    event.urgent = True
    event.acknowledge_due = min(filter(None, (event.acknowledge_due, due.acknowledge)))
    event.resolve_due = min(filter(None, (event.resolve_due, due.resolve)))
    event.next_action_at = now
    log_action(session, event=event, action="urgent", at=now, note=report.text)
    grid = (
        await session.get(LandlordGrid, event.landlord_grid_id) if event.landlord_grid_id else None
    )
    if grid is None:
        return []
    worker = (await responders_of(session, landlord_grid=grid, urgent=True)).worker
    if worker is None or worker.contact_id is None:
        return []
    alert = values | {"reporter": report.sender_name, "text": report.text}
    return [Outbound("report_urgent_worker", ToPerson(worker.contact_id, worker.lang), alert)]
