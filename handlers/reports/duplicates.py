"""A second report of the same thing joins the open event instead of opening another.

Same kind at the same landlord grid within the configured window (followup.duplicate_window),
at no other building, unit or room than the report names.
The reporter hears which event it joined; the assignee hears about each new reporter (a
resident repeating their own report is answered, but nobody is told twice).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.specs import FollowupRules
from bot.kinds import Kind
from bot.nlu.reading import Location
from handlers.reports.messages import Report, event_values
from handlers.reports.urgent_upgrade import make_urgent
from models.crud.event_queries import Duplicate, Spot, open_duplicate_for
from models.crud.events import add_reporter
from models.crud.report_context import House
from models.event import Event
from models.person import Person


async def find_duplicate(
    session: AsyncSession,
    *,
    landlord_grid_id: int,
    kind: Kind,
    named: Location,
    reporter: Person,
    settings: Settings,
    now: datetime,
) -> Duplicate | None:
    """`named`: the place as the message names it (not completed from the sender's home):
    two tenants reporting the same broken hall light are one event, "107灯坏了" and
    "102门锁坏了" are two, and so are "1单元301" and "2单元301"."""
    since = now - settings.followup.duplicate_window
    return await open_duplicate_for(
        session,
        person_id=reporter.id,
        landlord_grid_id=landlord_grid_id,
        kind=kind,
        since=since,
        spot=Spot(named.building, named.unit, named.room),
    )


async def merge_into(
    session: AsyncSession,
    *,
    duplicate: Duplicate,
    report: Report,
    reporter: Person,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
    house: House | None = None,
) -> list[Outbound]:
    """`house`: the event's landlord grid, when the caller has it loaded."""
    assert reporter.id is not None
    event = duplicate.event
    added = await add_reporter(
        session,
        event=event,
        person_id=reporter.id,
        at=now,
        source_chat_id=report.chat_id,
        source_message_id=report.message_id,
        text=report.text,
        merged_already=duplicate.has_person,
    )
    assignee = await _assignee(session, event, house)
    values: dict[str, object] = await event_values(
        session, event, tz=settings.timezone, house=house
    )
    first = 1 if event.reporter_id is not None else 0
    values |= {
        "handler": assignee.name if assignee else None,
        "reporter": reporter.name,
        "new_text": report.text,
        "numbers": report.numbers,
        "reporters": first + duplicate.merged + int(added),
    }
    if not added:
        values["repeat"] = True  # the same resident again: no "another resident" for the leader
    alerts: list[Outbound] = []
    if report.urgent and not event.urgent:
        values["now_urgent"] = True
        alerts = await make_urgent(
            session,
            event=event,
            report=report,
            values=values,
            settings=settings,
            rules=rules,
            now=now,
        )
    outbounds = [report.answer("report_merged", values)]
    told = added or "now_urgent" in values  # an urgent repeat is news even from the same person
    if told and assignee is not None and assignee.contact_id is not None:
        to = ToPerson(assignee.contact_id, assignee.lang)
        # "Another resident reported" can wait for the morning, unless it made it urgent.
        hold = not event.urgent and "now_urgent" not in values
        outbounds.append(Outbound("report_merged_leader", to, values, hold=hold))
    return outbounds + alerts


async def _assignee(session: AsyncSession, event: Event, house: House | None) -> Person | None:
    """The event's assignee; the house's leader (most often it) is the object session.get
    would return from the identity map, without the trip into the session."""
    if event.assignee_id is None:
        return None
    if house is not None and house.leader.id == event.assignee_id:
        return house.leader
    return await session.get(Person, event.assignee_id)
