"""Answers inside a register conversation: the missing fields, "确认"/"yes", or "取消"/"no".

This router comes first: while the bot waits for a confirmation, "是" is an answer, and a
phone number sent on its own belongs to the registration being put together.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.kinds import INCIDENT_KINDS, Kind
from bot.nlu.reading import Reading
from bot.privacy import DataKeys
from bot.register.answer import answer_draft
from bot.register.draft import Draft
from handlers.own_messages import not_from_bot
from handlers.register.grammar import says_no, says_yes
from handlers.register.house import house_by_id
from handlers.register.steps import DIALOG, REGISTER, advance, commit, exposed, step_of
from models.crud.dialogs import close_dialog
from models.messaging import Dialog

router = Router("register_dialog", not_from_bot)

_NOT_ANSWERS = INCIDENT_KINDS | {Kind.MOVE_OUT, Kind.TENANT_UPDATE}


def open_register_dialog(dialog: Dialog | None) -> Any:
    # `dialog`: the sender's open dialog in this chat, looked up once per message.
    return {"dialog": dialog} if dialog is not None and dialog.name == DIALOG else None


@router.message(open_register_dialog, says_yes)
async def confirm(
    inbound: Inbound,
    dialog: Dialog,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    data_keys: DataKeys,
    now: datetime,
) -> HandlerResult:
    if dialog.slots.get("step") != "confirm":
        return UNHANDLED  # "好" while fields are still missing answers nothing
    house = await house_by_id(
        session, landlord_grid_id=int(dialog.slots["house"]), role=str(dialog.slots["role"])
    )
    person_id = sender.person.id if sender.person is not None else None
    step = step_of(dialog, house, data_keys)
    outbounds: list[Outbound] = await commit(
        session,
        inbound=inbound,
        step=step,
        sender_person_id=person_id,
        settings=settings,
        keys=data_keys,
        now=now,
    )
    return outbounds


@router.message(open_register_dialog, says_no)
async def cancel(inbound: Inbound, dialog: Dialog, session: AsyncSession) -> Outbound:
    await close_dialog(session, chat_id=inbound.chat_id, sender_id=inbound.sender_id)
    lang = str(dialog.slots.get("lang", "zh"))
    return reply(inbound, "register_cancelled", {"action": dialog.slots.get("action")}, lang=lang)


@router.message(open_register_dialog)
async def answer(
    inbound: Inbound,
    dialog: Dialog,
    reading: Reading,
    session: AsyncSession,
    settings: Settings,
    data_keys: DataKeys,
    now: datetime,
) -> HandlerResult:
    """New or corrected fields: merged into the draft, then ask again or confirm."""
    if dialog.slots.get("action") != REGISTER or reading.kind in _NOT_ANSWERS:
        # A move-out or an update waits for yes or no only; a report or another register
        # change in the meantime is a message of its own.
        return UNHANDLED
    asked = [str(name) for name in dialog.slots.get("asked") or []]
    given = answer_draft(inbound.text, reading, asked)
    if replace(given, building=None) == Draft():
        return UNHANDLED  # nothing for the register: other routers may take it
    house = await house_by_id(
        session, landlord_grid_id=int(dialog.slots["house"]), role=str(dialog.slots["role"])
    )
    step = step_of(dialog, house, data_keys)
    step = replace(step, draft=step.draft.merged(given), hint=exposed(inbound))
    return await advance(
        session, inbound=inbound, step=step, settings=settings, keys=data_keys, now=now
    )
