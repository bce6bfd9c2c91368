"""One batch of due follow-ups: claim, decide, carry out, move the due time, in one transaction.

The claim (FOR UPDATE SKIP LOCKED on PostgreSQL) holds the rows until the commit that
also stores the log rows, the queued messages and the new `next_action_at`: a second
process skips them meanwhile and finds them no longer due afterwards, and a crash before
the commit leaves them due for the next attempt. Outbox keys name the event and the
length of its log, so a step that is attempted twice can only queue its messages once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.enqueue import Enqueuer
from bot.followup.carry import StepInput, carry_out
from bot.followup.history import level_of, snapshot_of
from bot.followup.policy import next_step
from bot.followup.specs import FollowupRules
from bot.followup.steps import Done, Step, Wait
from bot.followup.transitions import after_step
from models.crud.event_queries import claim_due_events
from models.event import Event, EventLog
from models.states import EventState

logger = logging.getLogger(__name__)

RETRY_FAILED_EVENT = timedelta(minutes=15)


@dataclass(frozen=True)
class Batch:
    claimed: int
    acted: int  # events that got a step carried out (the rest only had their time moved)
    queued: int  # outbox rows added


async def process_due(
    session: AsyncSession, *, now: datetime, rules: FollowupRules, mailer: Enqueuer, limit: int
) -> Batch:
    """Handle up to `limit` due events; the caller commits."""
    events = await claim_due_events(session, now=now, limit=limit)
    logs = await _logs_of(session, [event.id for event in events if event.id is not None])
    acted = queued = 0
    for event in events:
        assert event.id is not None
        event_id = event.id
        try:
            async with session.begin_nested():
                added = await _follow_up(session, event, logs[event_id], now, rules, mailer)
        except Exception:
            # One broken event must not hold up the others: look at it again later.
            logger.exception("follow-up of event %s failed", event_id)
            await session.exec(
                update(Event)
                .where(col(Event.id) == event_id)
                .values(next_action_at=now + RETRY_FAILED_EVENT)
                .execution_options(synchronize_session=False)
            )
            continue
        if added is not None:
            acted, queued = acted + 1, queued + added
    return Batch(claimed=len(events), acted=acted, queued=queued)


async def _follow_up(
    session: AsyncSession,
    event: Event,
    logs: list[EventLog],
    now: datetime,
    rules: FollowupRules,
    mailer: Enqueuer,
) -> int | None:
    """The number of messages queued, or None when nothing was due but the time moved."""
    if _waiting_for_a_place(event):
        event.next_action_at = None  # the location question's expiry hands it on (hooks)
        session.add(event)
        return None
    policy = rules.policy(event.kind, urgent=event.urgent)
    snapshot = snapshot_of(event, logs, policy, rules.working)
    step = next_step(snapshot, now, policy, rules.quiet, rules.working)
    if isinstance(step, Wait | Done):
        event.next_action_at = _due_time(step, now)
        session.add(event)
        return None
    outbounds = await carry_out(session, step, StepInput(event, logs, now, rules))
    key = f"followup:{event.id}:{len(logs)}"
    added = await mailer.enqueue(session, outbounds, now=now, key=key)
    after = after_step(snapshot, step, now)
    if after.escalation_level is not level_of(event):  # nobody named at the level asked for
        after = replace(after, escalation_level=level_of(event))
    event.next_action_at = _due_time(next_step(after, now, policy, rules.quiet, rules.working), now)
    session.add(event)
    await session.flush()
    return added


def _waiting_for_a_place(event: Event) -> bool:
    """A new report nobody can be given yet: nobody to remind."""
    unplaced = event.landlord_grid_id is None and event.assignee_id is None
    return event.state is EventState.NEW and unplaced


def _due_time(step: Step, now: datetime) -> datetime | None:
    if isinstance(step, Done):
        return None
    if isinstance(step, Wait):
        return step.until
    return now  # another step is due at once: the next batch takes it


async def _logs_of(session: AsyncSession, event_ids: list[int]) -> dict[int, list[EventLog]]:
    by_event: dict[int, list[EventLog]] = defaultdict(list)
    if not event_ids:
        return by_event
    statement = (
        select(EventLog)
        .where(col(EventLog.event_id).in_(event_ids))
        .order_by(col(EventLog.event_id), col(EventLog.at), col(EventLog.id))
    )
    for row in (await session.exec(statement)).all():
        by_event[row.event_id].append(row)
    return by_event
