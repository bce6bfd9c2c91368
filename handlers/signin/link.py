"""The sign-in link in chat: `issue_login_link` (bot/console/login.py), the one function
behind every way of asking, answered where the person asked. The link is a bearer
credential: its message is marked secret, so the outbox erases it once it is sent."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.console.login import LoginRefused, Refusal, issue_login_link
from bot.dispatch.outbound import Outbound, ToPerson
from models.person import Person

TEMPLATE = "console_link"


async def link_for(
    session: AsyncSession,
    *,
    person: Person | None,
    answer: ToPerson,
    settings: Settings,
    now: datetime,
) -> Outbound:
    """A fresh one-time link for `person`, or why there is none (not a directory person,
    or one who looks after no part of the grid)."""
    if person is None:
        return Outbound(TEMPLATE, answer, {"refused": Refusal.NOT_IN_DIRECTORY.value})
    lifetime = settings.console.link_lifetime
    try:
        link = await issue_login_link(session, person=person, now=now, lifetime=lifetime)
    except LoginRefused as refusal:
        return Outbound(TEMPLATE, answer, {"refused": refusal.reason.value})
    context = {
        "refused": None,
        "name": person.name,
        "url": link.url(settings.register.public_url),
        "until": link.expires_at.astimezone(settings.timezone),
        "minutes": int(lifetime.total_seconds() // 60),
    }
    return Outbound(TEMPLATE, answer, context, secret=True)
