"""Storing a located report as an assigned event and announcing it: group, leader, worker."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.history import ASSIGN_HELD
from bot.followup.reporters import shown_name
from bot.followup.specs import FollowupRules
from handlers.reports.location import Place
from handlers.reports.messages import Report, event_values
from handlers.reports.responders import Responders, responders_in
from models.crud.events import change_state, create_event, log_action
from models.crud.report_context import House
from models.event import Event
from models.person import Person
from models.states import EventState

logger = logging.getLogger(__name__)


async def create_assigned(
    session: AsyncSession,
    *,
    report: Report,
    place: Place,
    reporter: Person | None,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
    anonymous: bool = False,
) -> list[Outbound]:
    """`reporter` None: nobody the bot can reach (a clue from the household page's form);
    `anonymous`: a clue report (线索举报), whose reporter is named to nobody."""
    assert place.house is not None
    responders = responders_in(place.house, urgent=report.urgent)
    due = rules.deadlines(report.kind, urgent=report.urgent, start=now)
    held = rules.holds_back(urgent=report.urgent, now=now)
    loc = place.location
    event = await create_event(
        session,
        kind=report.kind,
        text=report.text,
        created_at=now,
        tz=settings.timezone,
        urgent=report.urgent,
        anonymous=anonymous,
        community=loc.community,
        building=loc.building,
        unit=loc.unit,
        floor=loc.floor,
        room=loc.room,
        landlord_grid_id=place.house.id,
        reporter_id=reporter.id if reporter is not None else None,
        source_chat_id=report.chat_id or None,
        source_message_id=report.message_id or None,
        assignee_id=responders.leader.id,
        acknowledge_due=due.acknowledge,
        resolve_due=due.resolve,
        next_action_at=_next_look(due.acknowledge, rules, now, held=held),
    )
    return await announce(
        session,
        event,
        report=report,
        reporter=reporter,
        responders=responders,
        settings=settings,
        rules=rules,
        now=now,
        house=place.house,
    )


async def assign_located(
    session: AsyncSession,
    *,
    event: Event,
    report: Report,
    place: Place,
    reporter: Person,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound]:
    """A stored, unlocated (new) event gets its place, its leader and its deadlines."""
    assert place.house is not None
    responders = responders_in(place.house, urgent=event.urgent)
    due = rules.deadlines(event.kind, urgent=event.urgent, start=now)
    held = rules.holds_back(urgent=event.urgent, now=now)
    loc = place.location
    event.community, event.building, event.unit = loc.community, loc.building, loc.unit
    event.floor, event.room = loc.floor, loc.room
    event.landlord_grid_id = place.house.id
    event.assignee_id = responders.leader.id
    event.acknowledge_due, event.resolve_due = due.acknowledge, due.resolve
    event.next_action_at = _next_look(due.acknowledge, rules, now, held=held)
    await change_state(
        session, event=event, to_state=EventState.ASSIGNED, actor_id=None, at=now, action="assign"
    )
    return await announce(
        session,
        event,
        report=report,
        reporter=reporter,
        responders=responders,
        settings=settings,
        rules=rules,
        now=now,
        house=place.house,
    )


async def announce(
    session: AsyncSession,
    event: Event,
    *,
    report: Report,
    reporter: Person | None,
    responders: Responders,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
    house: House | None = None,
) -> list[Outbound]:
    """The group hears first (urgent: whom to call), then the leader, then (urgent) the
    micro-grid worker: both at once, since nobody may wait for an acknowledgement.

    In quiet hours a non-urgent assignment waits for them to end, like every non-urgent
    message (the follow-up worker tells the leader then), and the group hears when."""
    leader, worker = responders.leader, responders.worker
    tz = settings.timezone
    values = await event_values(session, event, tz=tz, house=house)
    values |= {
        "handler": leader.name,
        "reporter": shown_name(event, reporter),  # None: an anonymous clue
        "numbers": report.numbers,
        "now": now.astimezone(tz),  # the group's promise reads "明早 8:30 前接单"
        "held_until": None,
    }
    held = rules.holds_back(urgent=event.urgent, now=now)
    if held:
        values["held_until"] = rules.quiet.next_send_time(now).astimezone(tz)
        log_action(session, event=event, action=ASSIGN_HELD, at=now, note=leader.name)
    if event.urgent and worker is not None:
        values["worker"] = worker.name
    # The reporter knows already: "已同时通知 刘桂英" said to 刘桂英 herself is noise.
    told = (("handler", leader), ("worker", worker if "worker" in values else None))
    reporter_id = reporter.id if reporter is not None else None
    values["told"] = [role for role, p in told if p is not None and p.id != reporter_id]
    template = "report_urgent" if event.urgent else "clue_ack" if event.anonymous else "report_ack"
    # No chat: a form on the web, which answers on its own page.
    outbounds = [report.answer(template, values)] if report.chat_id else []
    if not held:
        outbounds += _direct(leader, "report_assign", values, event)
    if "worker" in values and worker is not None:
        outbounds += _direct(worker, "report_urgent_worker", values, event)
    return outbounds


def _next_look(
    acknowledge_due: datetime, rules: FollowupRules, now: datetime, *, held: bool
) -> datetime:
    """When the follow-up worker first looks at a new assignment: at its deadline, or when
    the quiet hours it was made in end (to tell the leader)."""
    return min(acknowledge_due, rules.quiet.next_send_time(now)) if held else acknowledge_due


def _direct(
    person: Person, template: str, values: dict[str, object], event: Event
) -> list[Outbound]:
    if person.contact_id is None:
        # The event is stored and assigned all the same; the follow-up climbs the ladder.
        logger.warning("%s has no chat contact: %s not sent to them", person.key, event.number)
        return []
    return [Outbound(template, ToPerson(person.contact_id, person.lang), dict(values))]
