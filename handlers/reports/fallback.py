"""When no landlord grid can be found, even after asking, community staff take the report.

`expire_location_questions` is for the follow-up worker's tick: questions left unanswered
past their expiry are handed on, so an unlocated report is never forgotten.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.specs import FollowupRules
from handlers.reports.location import community_named
from handlers.reports.messages import Report, event_values
from handlers.reports.question import QUESTION, report_of
from models.crud.bindings import landlord_grids_of_chat
from models.crud.dialogs import close_dialog, expired_dialogs
from models.crud.events import change_state
from models.crud.grid import communities_in_order
from models.event import Event
from models.grid import Community
from models.levels import Level
from models.person import Person
from models.states import EventState


async def hand_to_community(
    session: AsyncSession,
    *,
    event: Event,
    report: Report,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
    expired: bool = False,
) -> list[Outbound]:
    staff = await _staff_for(session, event.community, report.chat_id)
    values = await event_values(session, event, tz=settings.timezone) | {"expired": expired}
    if staff is None:  # a directory without community staff: the event waits, stored
        return [report.answer("report_unrouted", values | {"handler": None})]
    due = rules.deadlines(event.kind, urgent=event.urgent, start=now)
    event.assignee_id, event.escalation_level = staff.id, Level.COMMUNITY_STAFF.rank
    event.acknowledge_due, event.resolve_due = due.acknowledge, due.resolve
    event.next_action_at = due.acknowledge
    await change_state(
        session,
        event=event,
        to_state=EventState.ASSIGNED,
        actor_id=None,
        at=now,
        action="assign",
        note="location unknown",
    )
    values = await event_values(session, event, tz=settings.timezone) | {"expired": expired}
    reporter = await session.get(Person, event.reporter_id) if event.reporter_id else None
    values |= {
        "handler": staff.name,
        "reporter": reporter.name if reporter else report.sender_name,
        "numbers": report.numbers,
        "unlocated": True,
    }
    outbounds = [report.answer("report_unrouted", values)]
    if staff.contact_id is not None:
        outbounds.append(Outbound("report_assign", ToPerson(staff.contact_id, staff.lang), values))
    return outbounds


async def expire_location_questions(
    session: AsyncSession, *, settings: Settings, rules: FollowupRules, now: datetime
) -> list[Outbound]:
    outbounds: list[Outbound] = []
    for dialog in await expired_dialogs(session, name=QUESTION, now=now):
        await close_dialog(session, chat_id=dialog.chat_id, sender_id=dialog.sender_id)
        event = await session.get(Event, dialog.slots.get("event_id"))
        if event is None or event.state is not EventState.NEW:
            continue
        report = report_of(dialog, event)
        outbounds += await hand_to_community(
            session,
            event=event,
            report=report,
            settings=settings,
            rules=rules,
            now=now,
            expired=True,
        )
    return outbounds


async def _staff_for(
    session: AsyncSession, community_text: str | None, chat_id: str
) -> Person | None:
    """The staff of the community the report names, else of the group's houses, else any."""
    named = await community_named(session, community_text)
    candidates = [named] if named else []
    for grid in await landlord_grids_of_chat(session, chat_id=chat_id):
        candidates.append(await session.get_one(Community, grid.community_id))
    candidates += await communities_in_order(session)
    for community in candidates:
        if community.staff_id is not None:
            return await session.get(Person, community.staff_id)
    return None
