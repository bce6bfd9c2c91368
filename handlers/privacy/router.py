"""An ID or passport number posted in a group: everyone in it has seen it, and the bot cannot
unsend it. When no other feature answered the message (a registration answers with the
same advice), the sender is told once a day, briefly, to register by direct chat or with
the household's page; whatever the bot stores or sends has the number masked as always.
Who was advised where is kept in the database: every process and the next start know it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_group
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import Router
from bot.register.houses import house_url
from handlers.own_messages import not_from_bot
from handlers.privacy.grammar import posts_identity_number
from models.crud.bindings import landlord_grids_of_chat
from models.crud.sender_memory import claim_privacy_notice

router = Router("privacy", in_group, not_from_bot)

NOTICE_PERIOD = timedelta(days=1)  # per sender and group: advice, not a scolding


@router.message(posts_identity_number)
async def advise(
    inbound: Inbound,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    now: datetime,
) -> list[Outbound]:
    told = await claim_privacy_notice(
        session,
        chat_id=inbound.chat_id,
        contact_id=inbound.sender_id,
        now=now,
        period=NOTICE_PERIOD,
    )
    if not told:
        return []
    houses = await landlord_grids_of_chat(session, chat_id=inbound.chat_id)
    link = house_url(settings.register.public_url, houses[0].code) if len(houses) == 1 else None
    return [reply(inbound, "privacy_notice", {"link": link}, lang=sender.lang)]
