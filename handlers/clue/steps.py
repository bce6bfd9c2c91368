"""A clue (线索举报) becomes an anonymous event of its house, routed as every report is.

One home for the direct chat ("举报 …") and the household page's form: the clue is read
like a report (its kind, whether it is urgent), stored marked anonymous, assigned to the
house's leader with the usual deadlines, and followed up as usual. Who sent it is kept
only as the event's reporter (to tell them progress and ask them to confirm, in their
direct chat); no message to a group or a leader, no page and no log line names them
(bot/followup/reporters.shown_name; the event's group is never told).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound
from bot.followup.specs import FollowupRules
from bot.kinds import INCIDENT_KINDS, Kind
from bot.nlu import parse
from bot.nlu.reading import Location, Reading
from handlers.reports.assign import create_assigned
from handlers.reports.location import Place, complete_location
from handlers.reports.messages import Report
from models.crud.report_context import House, houses_of
from models.person import Person

DEFAULT_KIND = Kind.SECURITY  # a clue that names no problem the parser knows: 治安线索


def clue_reading(text: str, now: datetime) -> Reading:
    return parse(text, now)


def clue_kind(reading: Reading) -> Kind:
    return reading.kind if reading.kind in INCIDENT_KINDS else DEFAULT_KIND


async def place_named(session: AsyncSession, reading: Reading) -> Place:
    """The house the clue names, from its words alone: never from the reporter's own home
    (a guess from it would point at them, and could name their room)."""
    return await complete_location(session, location=reading.location, chat_id=None, reporter=None)


async def house_place(session: AsyncSession, *, landlord_grid_id: int) -> Place:
    """The place of a house the clue was sent from (the household page's form)."""
    [house] = await houses_of(session, grid_ids=[landlord_grid_id])
    return Place(_location(house), house)


def _location(house: House) -> Location:
    building = house.buildings[0] if len(house.buildings) == 1 else None
    return Location(house.community.name, building, None, None, None)


async def file_clue(
    session: AsyncSession,
    *,
    text: str,
    reading: Reading,
    place: Place,
    reporter: Person | None,
    chat: tuple[str, str, str] | None,  # (chat id, message id, sender name) of a direct chat
    lang: str,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound]:
    chat_id, message_id, sender_name = chat or ("", "", "")
    report = Report(
        kind=clue_kind(reading),
        urgent=reading.urgent,
        text=text,
        lang=lang,
        chat_id=chat_id,
        chat_kind=ChatKind.DIRECT,
        message_id=message_id,
        sender_id=chat_id,
        sender_name=sender_name,
    )
    return await create_assigned(
        session,
        report=report,
        place=place,
        reporter=reporter,
        settings=settings,
        rules=rules,
        now=now,
        anonymous=True,
    )
