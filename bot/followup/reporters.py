"""Reaching the reporters of an event: the event's group, or each one directly.

"The event's group" is one idea for every path (the leader's commands, the reporter's
confirmation, the follow-up worker): the group the report was made in; for a report with
no chat of origin (typed in by staff), its landlord grid's group; never for a report made
in a direct chat: that reporter chose not to tell the group; never for an anonymous clue
(线索举报), which the group must not hear of.

Who others may see as an event's reporters is one idea too (`shown_name`, `shown`): an
anonymous clue's reporter is nobody's to see (the templates say "匿名"); only community
staff may reveal them, with a purpose, on the console (bot/web/console/reveal_routes.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.outbound import Outbound, Recipient, ToGroup, ToPerson
from models.crud.event_queries import reporters_of
from models.event import Event
from models.grid import LandlordGrid
from models.person import Person


def shown_name(event: Event, person: Person | None) -> str | None:
    """The reporter's name as a message to someone else may show it; None: anonymous."""
    if person is None or (event.anonymous and person.id == event.reporter_id):
        return None
    return person.name


def shown(event: Event, reporters: Sequence[Person]) -> list[Person]:
    """The reporters others may see named (an anonymous clue's reporter left out)."""
    return [p for p in reporters if shown_name(event, p) is not None]


async def event_group(session: AsyncSession, event: Event) -> str | None:
    if event.anonymous:
        return None
    chat = event.source_chat_id
    if chat is None:
        if event.landlord_grid_id is None:
            return None
        return (await session.get_one(LandlordGrid, event.landlord_grid_id)).group_chat
    reporter = await session.get(Person, event.reporter_id) if event.reporter_id else None
    if reporter is not None and reporter.contact_id == chat:
        return None  # a direct report: its chat is the reporter's own contact id
    return chat


async def reachable_reporters(session: AsyncSession, event: Event) -> list[Person]:
    """The event's reporters (first and merged) who can be messaged."""
    return [p for p in await reporters_of(session, event=event) if p.contact_id]


def to_reporters(
    group: str | None,
    reporters: Sequence[Person],
    template: str,
    context: dict[str, object],
) -> list[Outbound]:
    """To the group with the reporters @mentioned, else to each reporter directly."""
    context = {**context, "reporters": [p.name for p in reporters], "to_group": True}
    if group is not None:
        mentions = tuple(p.contact_id for p in reporters if p.contact_id)
        lang = reporters[0].lang if reporters else "zh"
        return [Outbound(template, ToGroup(group, mentions, lang), context)]
    recipients: list[Recipient] = [
        ToPerson(p.contact_id, p.lang) for p in reporters if p.contact_id
    ]
    return [Outbound(template, to, {**context, "to_group": False}) for to in recipients]
