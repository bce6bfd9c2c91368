"""Corrections of a report's place: "不是301，是302", "not 301, it's 302".

A correction applies to the sender's latest open report in the same chat made within
CORRECTION_WINDOW whose place matches the part called wrong ("301" in "不是301"), so a
slip of the tongue never moves the wrong event. Only the parts the correction names
change; a building that belongs to another landlord grid moves the event to that grid's
leader.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nlu.reading import Location
from models.crud.event_queries import open_reports_in_chat
from models.event import Event

CORRECTION_WINDOW = timedelta(minutes=30)
_CHECKED = ("building", "unit", "room")  # the parts of a place a report is told apart by


def corrected(old: Location, given: Location) -> Location:
    """`old` with the parts `given` names replaced."""
    changes = {
        name: value
        for name in ("community", "building", "unit", "floor", "room")
        if (value := getattr(given, name))
    }
    return replace(old, **changes)


async def recent_reports(
    session: AsyncSession, *, reporter_id: int, chat_id: str, now: datetime
) -> list[Event]:
    """The sender's open reports in this chat within CORRECTION_WINDOW, latest first."""
    return await open_reports_in_chat(
        session, reporter_id=reporter_id, chat_id=chat_id, since=now - CORRECTION_WINDOW
    )


def first_at(events: list[Event], wrong: Location) -> Event | None:
    """The first event at the place called wrong; any event when no place part is named."""
    named = {name: value for name in _CHECKED if (value := getattr(wrong, name))}
    return next((e for e in events if all(getattr(e, k) == v for k, v in named.items())), None)
