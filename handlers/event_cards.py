"""An event as the leader and confirmation templates see it: plain values, local times.

The follow-up worker's `event_view`, so a template both of us render (the confirmation
question) reads the same keys whoever sends it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.followup.views import event_view_of, event_views, history_view, names_of
from models.event import Event, EventLog
from models.person import Person


async def event_card(session: AsyncSession, event: Event, tz: tzinfo) -> dict[str, Any]:
    return await event_view_of(session, event, tz)


async def event_cards(
    session: AsyncSession, events: Sequence[Event], tz: tzinfo
) -> list[dict[str, Any]]:
    return await event_views(session, events, tz)


async def name_of(session: AsyncSession, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    person = await session.get(Person, person_id)
    return person.name if person is not None else None


async def history_card(
    session: AsyncSession, logs: Sequence[EventLog], tz: tzinfo
) -> list[dict[str, Any]]:
    names = await names_of(session, {row.actor_id for row in logs if row.actor_id is not None})
    return history_view(logs, names, tz)
