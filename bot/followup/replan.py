"""Keeping the follow-up worker's due time right after a person changes an event.

The worker plans from the event's log (bot.followup.history), so after a human change the
same pure policy tells when it must look at the event next: the resolve deadline after an
acknowledgement, the auto-close after the confirmation question, and so on.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.followup.history import snapshot_of
from bot.followup.policy import next_step
from bot.followup.specs import FollowupRules
from bot.followup.steps import Done, Wait
from models.crud.event_queries import event_history
from models.event import Event


async def replan(
    session: AsyncSession, *, event: Event, rules: FollowupRules, now: datetime
) -> None:
    """Set `next_action_at` to when the follow-up policy next has something to do."""
    assert event.id is not None
    policy = rules.policy(event.kind, urgent=event.urgent)
    logs = await event_history(session, event_id=event.id)
    snapshot = snapshot_of(event, logs, policy, rules.working)
    step = next_step(snapshot, now, policy, rules.quiet, rules.working)
    if isinstance(step, Done):
        event.next_action_at = None
    elif isinstance(step, Wait):
        event.next_action_at = step.until
    else:
        event.next_action_at = now
    event.reminders_sent = 0
    session.add(event)
    await session.flush()
