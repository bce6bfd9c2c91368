"""A "否" becomes a fire_hazard event of the house, assigned as every report is.

The event goes the normal way (handlers/reports/assign.create_assigned): its landlord is
its leader and gets the assignment to acknowledge; unanswered, it climbs the ladder.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound
from bot.followup.specs import FollowupRules
from bot.kinds import Kind
from bot.lang import language
from bot.nlu.reading import Location
from handlers.reports.assign import create_assigned
from handlers.reports.location import Place
from handlers.reports.messages import Report
from models.crud.report_context import houses_of
from models.grid import LandlordGrid
from models.person import Person

# The landlord reported it and leads the house: the assignment tells them, so the
# reporter's acknowledgement ("已登记 … 由 你 负责") would say it twice.
_REPORTER_ACKS = frozenset({"report_ack", "report_urgent"})


async def open_hazard(
    session: AsyncSession,
    *,
    inbound: Inbound,
    house: LandlordGrid,
    landlord: Person,
    question: str,
    lang: str,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> tuple[str, list[Outbound]]:
    """The event's number and what it announces."""
    assert house.id is not None
    [loaded] = await houses_of(session, grid_ids=[house.id])
    building = loaded.buildings[0] if len(loaded.buildings) == 1 else None
    location = Location(loaded.community.name, building, None, None, None)
    # Stored in the bot's language, like the place names: the event's text is data.
    words = language(settings.bot.language).get("selfcheck.event_text")
    report = Report(
        kind=Kind.FIRE_HAZARD,
        urgent=False,
        text=str(words).format(question=question),
        lang=lang,
        chat_id=inbound.chat_id,
        chat_kind=inbound.chat_kind,
        message_id=inbound.message_id,
        sender_id=inbound.sender_id,
        sender_name=inbound.sender_name,
    )
    outbounds = await create_assigned(
        session,
        report=report,
        place=Place(location, loaded),
        reporter=landlord,
        settings=settings,
        rules=rules,
        now=now,
    )
    number = str(outbounds[0].context["number"])
    return number, [o for o in outbounds if o.template not in _REPORTER_ACKS]
