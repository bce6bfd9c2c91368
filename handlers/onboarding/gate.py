"""The gate for group messages, tried before any other feature (after binding commands).

An unbound group: one introduction, one notice to staff, then silence (the message is
taken, so no later router parses it). A bound group: the sender becomes a Person, a
nickname such as "10幢301-张三" gives their room, a leader's "@张三 301" sets a member's
room; then the message goes on to the other features.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cache.lookups import Lookups
from bot.chat import Channel, Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_group
from bot.dispatch.lazy_session import LazySession
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.router import UNHANDLED, Router
from bot.onboarding.nickname import NicknameHome, home_in_text
from handlers.onboarding.members import grid_for_room, know_member, nothing_to_learn
from handlers.onboarding.unbound import note_unbound_group
from handlers.own_messages import not_from_bot
from models.crud.authority import may_manage
from models.crud.people import ensure_chat_person, person_by_contact, set_person_home

router = Router("gate", in_group, not_from_bot)


def room_for_mentioned(
    inbound: Inbound, settings: Settings, channel: Channel
) -> dict[str, Any] | None:
    """ "@张三 301": exactly one member (besides the bot) mentioned, then only a room."""
    leading = channel.mention_style.leading(inbound.text)
    if leading is None or not inbound.mentions:
        return None
    names, rest = leading
    home = home_in_text(rest)
    pairs = list(zip(inbound.mentions, names, strict=False))
    members = [(i, n) for i, n in pairs if n != settings.bot.name]
    if home is None or len(members) != 1:
        return None
    return {"home": home, "member_id": members[0][0], "member_name": members[0][1]}


@router.message(room_for_mentioned)
async def set_member_room(
    inbound: Inbound,
    session: AsyncSession,
    home: NicknameHome,
    member_id: str,
    member_name: str,
) -> Outbound | object:
    grid = await grid_for_room(session, inbound.chat_id, home)
    setter = await person_by_contact(session, contact_id=inbound.sender_id)
    if grid is None or not await may_manage(session, person=setter, grid=grid):
        return UNHANDLED  # a tenant's "@张三 301" is just talk
    member = await ensure_chat_person(session, contact_id=member_id, name=member_name)
    assert member.id is not None and grid.id is not None
    await set_person_home(session, person_id=member.id, landlord_grid_id=grid.id, room=home.room)
    context = {"name": member_name, "house": grid.name, "room": home.room}
    lang = setter.lang if setter is not None else "zh"
    return reply(inbound, "member_room_set", context, lang=lang)


@router.message()
async def gate(
    inbound: Inbound,
    lazy_session: LazySession,
    settings: Settings,
    lookups: Lookups,
    now: datetime,
) -> list[Outbound] | object:
    """Answered from memory for a known member of a bound group: most messages open no
    transaction here."""
    if not await lookups.grid_ids_of_chat(lazy_session, inbound.chat_id):
        return await note_unbound_group(
            await lazy_session(), chat_id=inbound.chat_id, topic=inbound.chat_topic, now=now
        )
    known = await lookups.contact(lazy_session, inbound.sender_id)
    if known is None or not nothing_to_learn(known, name=inbound.sender_name, text=inbound.text):
        await know_member(
            await lazy_session(),
            chat_id=inbound.chat_id,
            contact_id=inbound.sender_id,
            name=inbound.sender_name,
            text=inbound.text,
            default_lang=settings.bot.language,
        )
    return UNHANDLED
