"""A one-time code sent to the bot by direct message links its sender to a directory person.

The code is the only way to be linked: a name or a title claimed in chat links no one.
Wrong codes are throttled per sender (bot/onboarding/invite_guard.py): after a few, the
sender hears once that codes are not read for a while, then nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_direct
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import Router
from bot.lang.detect import clear_language
from bot.onboarding.invite_codes import CODE_PATTERN, code_hash, find_code
from bot.onboarding.invite_guard import InviteGuard
from handlers.own_messages import not_from_bot
from models.crud.invites import Redeemed, redeem_invite

router = Router("invite", in_direct, not_from_bot)


def carries_code(inbound: Inbound) -> dict[str, str] | None:
    code = find_code(inbound.text)
    return None if code is None else {"code": code}


@router.message(carries_code)
async def redeem(
    inbound: Inbound,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    invite_guard: InviteGuard,
    code: str,
    now: datetime,
) -> list[Outbound]:
    if await invite_guard.paused(session, inbound.sender_id, now):
        return []  # told when the pause began
    outcome, person = await redeem_invite(
        session,
        code_hash=code_hash(code),
        contact_id=inbound.sender_id,
        now=now,
        account=inbound.account,
        account_of=settings.chat_accounts.account_of,
    )
    if outcome is Redeemed.LINKED and person is not None:
        await invite_guard.forget(session, inbound.sender_id)
        context = {"name": person.name, "platform": inbound.platform}  # 微信 or 企业微信
        return [reply(inbound, "invite_linked", context, lang=person.lang)]
    lang = _language(inbound, sender, settings)
    if await invite_guard.failed(session, inbound.sender_id, now):
        minutes = int(invite_guard.pause.total_seconds() // 60)
        return [reply(inbound, "invite_paused", {"minutes": minutes}, lang=lang)]
    return [reply(inbound, f"invite_{outcome.value}", {}, lang=lang)]


def _language(inbound: Inbound, sender: Sender, settings: Settings) -> str:
    """A stranger's language from the words around the code (a bare code has none)."""
    if sender.person is not None:
        return sender.person.lang
    around = CODE_PATTERN.sub(" ", inbound.text)
    return clear_language(around) or settings.bot.language
