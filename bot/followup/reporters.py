"""Reaching the reporters of an event: its landlord grid's group, or each one directly."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.outbound import Outbound, Recipient, ToGroup, ToPerson
from models.event import Event
from models.grid import LandlordGrid
from models.person import Person


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


async def group_of(session: AsyncSession, event: Event) -> str | None:
    if event.landlord_grid_id is None:
        return None
    return (await session.get_one(LandlordGrid, event.landlord_grid_id)).group_chat
