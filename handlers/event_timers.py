"""Keeping the follow-up worker's due time right after a person changes an event.

The worker plans from the event's log (bot.followup.history), so after a human change the
same pure policy tells when it must look at the event next: the resolve deadline after an
acknowledgement, the auto-close after the confirmation question, and so on.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.followup.history import snapshot_of
from bot.followup.policy import Deadlines, initial_deadlines, next_step
from bot.followup.specs import FollowupRules
from bot.followup.steps import Done, Wait
from models.crud.event_queries import event_history
from models.event import Event


def rules_of(settings: Settings) -> FollowupRules:
    return FollowupRules.from_settings(settings.followup, settings.timezone)


def fresh_deadlines(event: Event, *, settings: Settings, start: datetime) -> Deadlines:
    """The deadlines of `event` counted from `start` (a hand-over, a reopen)."""
    rules = rules_of(settings)
    return initial_deadlines(start, rules.policy(event.kind, urgent=event.urgent), rules.working)


def in_quiet_hours(event: Event, *, settings: Settings, now: datetime) -> bool:
    """Non-urgent messages wait out the quiet hours (the worker sends them afterwards)."""
    return not event.urgent and rules_of(settings).quiet.contains(now)


async def replan(session: AsyncSession, *, event: Event, settings: Settings, now: datetime) -> None:
    """Set `next_action_at` to when the follow-up policy next has something to do."""
    assert event.id is not None
    rules = rules_of(settings)
    policy = rules.policy(event.kind, urgent=event.urgent)
    logs = await event_history(session, event_id=event.id)
    step = next_step(snapshot_of(event, logs, policy, rules.working), now, policy, rules.quiet)
    if isinstance(step, Done):
        event.next_action_at = None
    elif isinstance(step, Wait):
        event.next_action_at = step.until
    else:
        event.next_action_at = now
    event.reminders_sent = 0
    session.add(event)
    await session.flush()
