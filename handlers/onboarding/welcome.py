"""People joining a group: one welcome for everyone who joined at once, in their language.

The welcome names the house(s) the group covers, the group's rules and each house's
household registration link (the page its QR code opens). A join in an unbound group
counts as seeing that group, the bot's own invitation included; the bot invited into a
group already bound keeps quiet (it is never among the members welcomed).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import MemberJoin
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToGroup
from bot.dispatch.router import Router
from bot.register.houses import house_url
from handlers.onboarding.members import know_member
from handlers.onboarding.unbound import note_unbound_group
from models.crud.bindings import landlord_grids_of_chat

WELCOME_TEMPLATE = "welcome"

router = Router("welcome")


@router.join()
async def welcome_joins(
    join: MemberJoin, session: AsyncSession, settings: Settings, now: datetime
) -> list[Outbound]:
    grids = await landlord_grids_of_chat(session, chat_id=join.chat_id)
    if not grids:
        return await note_unbound_group(
            session, chat_id=join.chat_id, topic=join.chat_topic, now=now
        )
    if not join.member_ids:
        return []  # only the bot was added
    langs = []
    for contact_id, name in zip(join.member_ids, join.member_names, strict=True):
        member = await know_member(
            session,
            chat_id=join.chat_id,
            contact_id=contact_id,
            name=name,
            text="",
            default_lang=settings.bot.language,
        )
        langs.append(member.lang)
    lang = langs[0] if len(set(langs)) == 1 else settings.bot.language
    houses = [
        {"name": g.name, "link": house_url(settings.register.public_url, g.code)} for g in grids
    ]
    context = {
        "names": list(join.member_names),
        "houses": houses,
        "bilingual": len(set(langs)) > 1,
    }
    return [Outbound(WELCOME_TEMPLATE, ToGroup(join.chat_id, join.member_ids, lang), context)]
