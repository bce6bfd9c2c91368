"""Clue reports (线索举报) in a direct chat: "举报 清水湾3号楼楼道里有人给电动车充电".

Tried before the dialogs and the reports: "举报 …" is a clue even from someone the bot is
asking something else, and never an ordinary (named) report. The clue must name its house
(a building, a house name); the bot does not guess it from the reporter's home.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_direct
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import Router
from bot.followup.specs import FollowupRules
from handlers.clue.grammar import read_clue
from handlers.clue.steps import clue_reading, file_clue, place_named
from handlers.own_messages import not_from_bot
from models.crud.people import ensure_chat_person

router = Router("clue", in_direct, not_from_bot)


def clue_text(inbound: Inbound) -> dict[str, Any] | None:
    text = read_clue(inbound.text)
    return None if text is None else {"clue": text}


@router.message(clue_text)
async def take_clue(
    inbound: Inbound,
    clue: str,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound]:
    if not clue:
        return [reply(inbound, "clue_how", {}, lang=sender.lang)]
    reading = clue_reading(clue, now)
    place = await place_named(session, reading)
    if place.house is None:
        return [reply(inbound, "clue_no_place", {"clue": clue}, lang=sender.lang)]
    reporter = sender.person or await ensure_chat_person(
        session, contact_id=inbound.sender_id, name=inbound.sender_name, lang=sender.lang
    )
    return await file_clue(
        session,
        text=clue,
        reading=reading,
        place=place,
        reporter=reporter,
        chat=(inbound.chat_id, inbound.message_id, inbound.sender_name),
        lang=sender.lang,
        settings=settings,
        rules=rules,
        now=now,
    )
