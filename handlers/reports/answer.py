"""Filling the location question's slot with the reporter's answer."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound
from bot.followup.specs import FollowupRules
from bot.nlu.reading import Location
from handlers.reports.assign import assign_located
from handlers.reports.correction import corrected
from handlers.reports.duplicates import find_duplicate, merge_into
from handlers.reports.fallback import hand_to_community
from handlers.reports.location import complete_location
from handlers.reports.messages import event_location
from handlers.reports.question import report_of
from models.crud.dialogs import close_dialog
from models.crud.events import change_state
from models.event import Event
from models.messaging import Dialog
from models.person import Person
from models.states import CloseReason, EventState


async def answer_question(
    session: AsyncSession,
    *,
    dialog: Dialog,
    given: Location,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound] | None:
    """The outbounds for an answered question; None when its event is no longer waiting."""
    await close_dialog(session, chat_id=dialog.chat_id, sender_id=dialog.sender_id)
    event = await session.get(Event, dialog.slots.get("event_id"))
    if event is None or event.state is not EventState.NEW:
        return None
    report = report_of(dialog, event)
    reporter = await session.get(Person, event.reporter_id) if event.reporter_id else None
    in_group = report.chat_kind is ChatKind.GROUP
    named = corrected(event_location(event), given)
    place = await complete_location(
        session,
        location=named,
        chat_id=dialog.chat_id if in_group else None,
        reporter=reporter,
    )
    house = place.house
    if house is None or reporter is None:
        event.community, event.building = place.location.community, place.location.building
        event.unit, event.floor, event.room = (
            place.location.unit,
            place.location.floor,
            place.location.room,
        )
        return await hand_to_community(
            session, event=event, report=report, settings=settings, rules=rules, now=now
        )
    duplicate = await find_duplicate(
        session,
        landlord_grid_id=house.id,
        kind=event.kind,
        named=named,
        reporter=reporter,
        settings=settings,
        now=now,
    )
    if duplicate is not None:
        await change_state(
            session,
            event=event,
            to_state=EventState.CLOSED,
            actor_id=None,
            at=now,
            action="merge",
            note=duplicate.event.number,
            close_reason=CloseReason.DUPLICATE,
        )
        event.next_action_at = None
        return await merge_into(
            session,
            duplicate=duplicate,
            report=report,
            reporter=reporter,
            settings=settings,
            rules=rules,
            now=now,
            house=house,
        )
    return await assign_located(
        session,
        event=event,
        report=report,
        place=place,
        reporter=reporter,
        settings=settings,
        rules=rules,
        now=now,
    )
