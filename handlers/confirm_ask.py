"""Asking the reporters of a resolved event whether it is fixed.

In the group the report came from, @mentioning them; a direct report is asked directly.
The question is logged as `confirm_ask`, the follow-up worker's own word for it, so the
worker does not ask again and counts the 48 hours from here. In quiet hours nothing is
asked now: the worker asks when they end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToGroup, ToPerson
from bot.followup.history import CONFIRM_ASK
from handlers.event_cards import event_card
from handlers.event_timers import in_quiet_hours
from handlers.leader_act import source_group
from models.crud.event_queries import reporters_of
from models.event import Event, EventLog
from models.person import Person


async def ask_reporters(
    session: AsyncSession,
    *,
    event: Event,
    handler: str,
    note: str | None,
    settings: Settings,
    now: datetime,
) -> list[Outbound]:
    """The questions to send now (none in quiet hours, or when no reporter can be reached)."""
    reporters = [p for p in await reporters_of(session, event=event) if p.contact_id]
    if not reporters or in_quiet_hours(event, settings=settings, now=now):
        return []
    assert event.id is not None
    session.add(
        EventLog(
            event_id=event.id,
            actor_id=None,
            at=now,
            from_state=event.state,
            to_state=event.state,
            action=CONFIRM_ASK,
            note=", ".join(p.name for p in reporters),
        )
    )
    context = {
        "event": event_card(event, settings.timezone),
        "now": now.astimezone(settings.timezone),
        "reporters": [p.name for p in reporters],
        "handler": handler,
        "note": note,
    }
    group = await source_group(session, event)
    return _questions(group, reporters, context)


def _questions(
    group: str | None, reporters: Sequence[Person], context: dict[str, Any]
) -> list[Outbound]:
    if group is not None:
        mentions = tuple(p.contact_id for p in reporters if p.contact_id)
        to = ToGroup(group, mentions, reporters[0].lang)
        return [Outbound("confirm_question", to, {**context, "to_group": True})]
    return [
        Outbound("confirm_question", ToPerson(p.contact_id, p.lang), {**context, "to_group": False})
        for p in reporters
        if p.contact_id
    ]
