"""Signing in to the staff console from chat: "登录" / "login" in a direct chat answers with
a one-time link (or a clear refusal). Any sender may ask; the directory decides: a person
it names who looks after a community, grid, micro-grid or house gets a link, everyone
else is told why not."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_direct
from bot.dispatch.outbound import Outbound, ToPerson
from bot.dispatch.participants import Sender
from bot.dispatch.router import Router
from handlers.own_messages import not_from_bot
from handlers.signin.grammar import asks_for_link
from handlers.signin.link import link_for

router = Router("signin", in_direct, not_from_bot)


def asking(inbound: Inbound) -> bool:
    return asks_for_link(inbound.text)


@router.message(asking)
async def login_link(
    inbound: Inbound, sender: Sender, session: AsyncSession, settings: Settings, now: datetime
) -> Outbound:
    answer = ToPerson(inbound.sender_id, sender.lang)
    return await link_for(session, person=sender.person, answer=answer, settings=settings, now=now)
