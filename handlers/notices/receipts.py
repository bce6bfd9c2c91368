"""A landlord's "收到": in the group the notice reached (quoting it, or within
`[notices] receipt_window` of it) or in a direct chat. Stored once per house; the
landlord's houses are those the directory says they lead."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from handlers.leader.numbers import number_in_quote
from handlers.notices.grammar import quoted_number
from models.crud.bindings import landlord_grids_of_chat
from models.crud.event_queries import events_of_assignee
from models.crud.notice_receipts import awaiting_receipt, record_receipts
from models.states import EventState


async def take_receipt(
    session: AsyncSession,
    *,
    inbound: Inbound,
    sender: Sender,
    settings: Settings,
    now: datetime,
) -> list[Outbound] | None:
    """The receipt of the newest notice (or the quoted one) waiting for this landlord's
    answer; None when none waits (the message is someone else's business)."""
    person = sender.person
    if person is None or person.id is None:
        return None
    notice_number = quoted_number(inbound.quoted_text)
    direct = inbound.chat_kind is ChatKind.DIRECT
    if direct and notice_number is None and await _acknowledges(session, inbound, person.id):
        return None
    houses = None
    if inbound.chat_kind is ChatKind.GROUP:
        houses = [
            grid.id
            for grid in await landlord_grids_of_chat(session, chat_id=inbound.chat_id)
            if grid.id
        ]
    waiting = await awaiting_receipt(
        session,
        leader_id=person.id,
        since=now - settings.notices.receipt_window,
        houses=houses,
        notice_id=notice_number,
    )
    if not waiting:
        return None
    number, answered = next(iter(waiting.items()))
    via = "group" if inbound.chat_kind is ChatKind.GROUP else "direct"
    await record_receipts(
        session, notice_id=number, houses=answered, by_id=person.id, via=via, now=now
    )
    if inbound.chat_kind is ChatKind.GROUP:
        return []  # stored quietly: a group of landlords answering needs no echo
    return [reply(inbound, "notice_receipt", {"number": number}, lang=sender.lang)]


async def _acknowledges(session: AsyncSession, inbound: Inbound, person_id: int) -> bool:
    """A leader's "收到" in a direct chat acknowledges an event (the leader's commands)
    when it quotes one, or while one of theirs waits for acknowledgement: that meaning came
    first. Their receipt then needs the group, a quote of the notice, or a second "收到"."""
    if number_in_quote(inbound.quoted_text) is not None:
        return True
    waiting = (EventState.NEW, EventState.ASSIGNED)
    mine = await events_of_assignee(session, person_id=person_id)
    return any(event.state in waiting for event in mine)
