"""One report, once its place is as complete as it gets: ask, merge or assign."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound
from bot.followup.specs import FollowupRules
from bot.nlu.reading import Location
from handlers.reports.assign import create_assigned
from handlers.reports.duplicates import find_duplicate, merge_into
from handlers.reports.location import Place
from handlers.reports.messages import Report
from handlers.reports.question import ask_location
from models.person import Person


async def file_report(
    session: AsyncSession,
    *,
    report: Report,
    place: Place,
    named: Location,  # the place as the message names it
    reporter: Person,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound]:
    if place.house is None:
        return await ask_location(
            session, report=report, place=place, reporter=reporter, settings=settings, now=now
        )
    duplicate = await find_duplicate(
        session,
        landlord_grid_id=place.house.id,
        kind=report.kind,
        named=named,
        reporter=reporter,
        settings=settings,
        now=now,
    )
    if duplicate is not None:
        return await merge_into(
            session,
            duplicate=duplicate,
            report=report,
            reporter=reporter,
            settings=settings,
            rules=rules,
            now=now,
            house=place.house,
        )
    return await create_assigned(
        session,
        report=report,
        place=place,
        reporter=reporter,
        settings=settings,
        rules=rules,
        now=now,
    )
