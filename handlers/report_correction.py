"""Corrections of a report's place: "不是301，是302", "not 301, it's 302".

A correction applies to the sender's latest open report in the same chat made within
CORRECTION_WINDOW. Only the parts the correction names change; a building that belongs
to another landlord grid moves the event to that grid's leader.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nlu.reading import Location
from bot.transport.base import Inbound
from models.event import Event
from models.states import OPEN_STATES

CORRECTION_WINDOW = timedelta(minutes=30)

_PATTERNS = (
    re.compile(
        r"^(?:更正|纠正|说错了|打错了)?[:：，,\s]*(?:不是|不在)\s*(?P<wrong>[^，,。;；\s]+?)"
        r"\s*[，,。;；]?\s*(?:而)?(?:是|在)\s*(?P<right>.+?)[。.!！]*$"
    ),
    re.compile(
        r"^(?:sorry|correction)?[:,\s]*not\s+(?P<wrong>[^,;\s]+)\s*[,;]?\s*"
        r"(?:but\s+)?(?:it(?:'s| is)\s+|it was\s+)?(?P<right>.+?)[.!]*$",
        re.IGNORECASE,
    ),
)


def is_correction(inbound: Inbound) -> dict[str, str] | None:
    """A filter: {"wrong": ..., "right": ...} when the message corrects something."""
    return correction(inbound.text)


def correction(text: str) -> dict[str, str] | None:
    for pattern in _PATTERNS:
        found = pattern.match(text.strip())
        if found:
            return {"wrong": found["wrong"], "right": found["right"]}
    return None


def corrected(old: Location, given: Location) -> Location:
    """`old` with the parts `given` names replaced."""
    changes = {
        name: value
        for name in ("community", "building", "unit", "floor", "room")
        if (value := getattr(given, name))
    }
    return replace(old, **changes)


async def latest_report(
    session: AsyncSession, *, reporter_id: int, chat_id: str, now: datetime
) -> Event | None:
    statement = (
        select(Event)
        .where(Event.reporter_id == reporter_id, Event.source_chat_id == chat_id)
        .where(col(Event.created_at) >= now - CORRECTION_WINDOW)
        .where(col(Event.state).in_(OPEN_STATES))
        .order_by(col(Event.created_at).desc(), col(Event.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()
