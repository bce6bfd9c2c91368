"""Asking the reporters of a resolved event whether it is fixed: one question, whoever asks.

The leader's "已解决" asks at once (handlers/leader); the follow-up worker asks when that
could not be done then (quiet hours, nobody reachable). Both log `confirm_ask`, so the
question is asked once and the timeout counts from it, and both word the timeout from the
same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.outbound import Outbound
from bot.followup.history import CONFIRM_ASK
from bot.followup.reporters import event_group, to_reporters
from bot.followup.specs import FollowupRules
from bot.followup.views import event_view_of
from models.crud.events import log_action
from models.crud.photos import fix_photo_count
from models.event import Event
from models.person import Person

QUESTION_TEMPLATE = "confirm_question"


async def ask_reporters(
    session: AsyncSession,
    *,
    event: Event,
    reporters: Sequence[Person],
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound]:
    """Log the question and word it to `reporters` (the reachable ones) where they are."""
    names = ", ".join(p.name for p in reporters) or None
    log_action(session, event=event, action=CONFIRM_ASK, at=now, note=names)
    context = {
        "event": await event_view_of(session, event, rules.tz),
        "now": now.astimezone(rules.tz),
        "confirm_hours": rules.confirm_hours,
        "fix_photos": await fix_photo_count(session, event_id=event.id),
    }
    group = await event_group(session, event)
    return to_reporters(group, reporters, QUESTION_TEMPLATE, context)
