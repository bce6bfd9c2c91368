"""A sender's questions about notices: "通知 N 情况", "通知 列表", and calling one off."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from handlers.notices.compose import Refusal, staff_scope
from models.crud.notices import (
    cancel_notice,
    notice_by_number,
    notice_figures,
    notice_reaches,
    notices_for_houses,
)
from models.crud.scope import Scope
from models.notice import Notice, NoticeKind, NoticeStatus

MISSING_SHOWN = 30  # houses named in a chat answer; the console lists them all


async def _visible(session: AsyncSession, scope: Scope, number: int) -> Notice:
    """A notice the sender wrote or that reached a house in their scope."""
    notice = await notice_by_number(session, number=number)
    if (
        notice is None
        or notice.kind is not NoticeKind.NOTICE
        or notice.status is NoticeStatus.DRAFT
    ):
        raise Refusal("unknown_notice", number=number)
    mine = notice.sender_id == scope.person_id
    if not mine and not await notice_reaches(session, notice_id=number, houses=scope.houses):
        raise Refusal("unknown_notice", number=number)
    return notice


async def status(
    session: AsyncSession, *, inbound: Inbound, sender: Sender, number: int, settings: Settings
) -> Outbound:
    scope = await staff_scope(session, sender)
    notice = await _visible(session, scope, number)
    figures = await notice_figures(session, notice_id=number)
    context = {
        "number": number,
        "text": notice.text,
        "cancelled": notice.status is NoticeStatus.CANCELLED,
        "send_at": notice.send_at.astimezone(settings.timezone) if notice.send_at else None,
        "delivered": figures.delivered,
        "groups": figures.groups,
        "receipts": figures.receipts,
        "houses": figures.houses,
        "missing": figures.missing[:MISSING_SHOWN],
        "more": max(0, len(figures.missing) - MISSING_SHOWN),
    }
    return reply(inbound, "notice_status", context, lang=sender.lang)


async def scheduled(
    session: AsyncSession, *, inbound: Inbound, sender: Sender, settings: Settings, now: datetime
) -> Outbound:
    scope = await staff_scope(session, sender)
    notices = await notices_for_houses(
        session, houses=scope.houses, sender_id=scope.person_id, scheduled_after=now
    )
    items = [
        {
            "number": notice.id,
            "send_at": notice.send_at.astimezone(settings.timezone) if notice.send_at else None,
            "scope": notice.scope_name,
            "text": notice.text,
            "urgent": notice.urgent,
        }
        for notice in reversed(notices)
    ]
    return reply(inbound, "notice_list", {"notices": items}, lang=sender.lang)


async def call_off(
    session: AsyncSession, *, inbound: Inbound, sender: Sender, number: int, now: datetime
) -> Outbound:
    scope = await staff_scope(session, sender)
    notice = await _visible(session, scope, number)
    if notice.status is NoticeStatus.CANCELLED:
        raise Refusal("already_cancelled", number=number)
    if notice.send_at is not None and notice.send_at <= now:
        raise Refusal("already_sent", number=number)
    groups = await cancel_notice(session, notice=notice, now=now)
    context = {"number": number, "groups": groups, "draft": False}
    return reply(inbound, "notice_cancelled", context, lang=sender.lang)
