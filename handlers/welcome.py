"""People joining a group: one welcome for everyone who joined at once, in their language.

The welcome names the house(s) the group covers, the group's rules and each house's
household registration link. A join in an unbound group counts as seeing that group.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToGroup
from bot.onboarding.links import registration_url
from bot.transport.base import MemberJoin
from handlers.unbound import note_unbound_group
from models.crud.bindings import landlord_grids_of_chat
from models.crud.people import person_by_contact

WELCOME_TEMPLATE = "welcome"


async def welcome_joins(
    join: MemberJoin, session: AsyncSession, settings: Settings, now: datetime
) -> list[Outbound]:
    grids = await landlord_grids_of_chat(session, chat_id=join.chat_id)
    if not grids:
        return await note_unbound_group(
            session, chat_id=join.chat_id, topic=join.chat_topic, now=now
        )
    langs = [await _language(session, i, settings) for i in join.member_ids]
    lang = langs[0] if len(set(langs)) == 1 else settings.bot.language
    houses = [
        {"name": g.name, "link": registration_url(settings.register.public_url, g.code)}
        for g in grids
    ]
    context = {
        "names": list(join.member_names),
        "houses": houses,
        "bilingual": len(set(langs)) > 1,
    }
    return [Outbound(WELCOME_TEMPLATE, ToGroup(join.chat_id, join.member_ids, lang), context)]


async def _language(session: AsyncSession, contact_id: str, settings: Settings) -> str:
    """The register's language; a stranger gets the bot's default."""
    person = await person_by_contact(session, contact_id=contact_id)
    return person.lang if person is not None else settings.bot.language
