"""Notices (通知通报): staff write them in a direct chat; landlords answer "收到".

Tried before the leader's commands: "收到" from a landlord with a notice waiting for
their answer is a receipt, not an "ack" without an event number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.followup.specs import FollowupRules
from handlers.notices import compose, queries
from handlers.notices.compose import Refusal, refused
from handlers.notices.grammar import (
    Cancel,
    Compose,
    ListScheduled,
    Status,
    Unclear,
    is_receipt,
    parse_command,
)
from handlers.notices.receipts import take_receipt
from handlers.own_messages import not_from_bot
from handlers.register.grammar import says_no, says_yes
from models.messaging import Dialog

router = Router("notices", not_from_bot)


def command(inbound: Inbound) -> dict[str, Any] | None:
    if inbound.chat_kind is not ChatKind.DIRECT:
        return None
    found = parse_command(inbound.text)
    return None if found is None else {"command": found}


def open_notice_dialog(dialog: Dialog | None) -> dict[str, Any] | None:
    return {"dialog": dialog} if dialog is not None and dialog.name == compose.DIALOG else None


def receipt(inbound: Inbound) -> bool:
    return is_receipt(inbound.text)


@router.message(open_notice_dialog, says_yes)
async def confirm(
    inbound: Inbound,
    dialog: Dialog,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> Outbound:
    try:
        return await compose.confirm(
            session,
            inbound=inbound,
            dialog=dialog,
            sender=sender,
            settings=settings,
            quiet=rules.quiet,
            now=now,
        )
    except Refusal as refusal:
        return refused(inbound, sender.lang, refusal)


@router.message(open_notice_dialog, says_no)
async def drop(
    inbound: Inbound, dialog: Dialog, sender: Sender, session: AsyncSession, now: datetime
) -> Outbound:
    return await compose.drop_draft(session, inbound=inbound, dialog=dialog, sender=sender, now=now)


@router.message(command)
async def notice_command(
    inbound: Inbound,
    command: Compose | Status | Cancel | ListScheduled | Unclear,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    now: datetime,
) -> Outbound:
    try:
        match command:
            case Compose():
                return await compose.preview(
                    session,
                    inbound=inbound,
                    sender=sender,
                    command=command,
                    settings=settings,
                    now=now,
                )
            case Status(number):
                return await queries.status(
                    session, inbound=inbound, sender=sender, number=number, settings=settings
                )
            case Cancel(number):
                return await queries.call_off(
                    session, inbound=inbound, sender=sender, number=number, now=now
                )
            case ListScheduled():
                return await queries.scheduled(
                    session, inbound=inbound, sender=sender, settings=settings, now=now
                )
            case Unclear():
                await compose.staff_scope(session, sender)
                return reply(inbound, "notice_help", {}, lang=sender.lang)
    except Refusal as refusal:
        return refused(inbound, sender.lang, refusal)


@router.message(receipt)
async def landlord_receipt(
    inbound: Inbound, sender: Sender, session: AsyncSession, settings: Settings, now: datetime
) -> HandlerResult:
    answer = await take_receipt(session, inbound=inbound, sender=sender, settings=settings, now=now)
    return UNHANDLED if answer is None else answer
