"""Answers to the location question, and corrections of a report's place.

This router comes before the reports router: a reply to "请问是几幢几室？" is an answer,
not a new report, and "不是301，是302" corrects the report just made.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.followup.specs import FollowupRules
from bot.nlu import parse
from bot.nlu.reading import Location, Reading
from handlers.onboarding.language import answer_language
from handlers.own_messages import not_from_bot
from handlers.reports.answer import answer_question
from handlers.reports.correction import corrected, first_at, recent_reports
from handlers.reports.grammar import correction, is_correction
from handlers.reports.location import complete_location
from handlers.reports.messages import Report, event_location
from handlers.reports.question import QUESTION
from handlers.reports.relocate import relocate
from models.event import Event
from models.messaging import Dialog
from models.person import Person

router = Router("report_dialog", not_from_bot)


def names_a_place(inbound: Inbound, reading: Reading) -> bool:
    # Only a message naming a place can answer; the rest skip the dialog look-up entirely.
    return not reading.location.is_empty() or correction(inbound.text) is not None


def open_question(dialog: Dialog | None) -> bool:
    return dialog is not None and dialog.name == QUESTION


def _given(inbound: Inbound, reading: Reading, now: datetime) -> Location:
    fix = correction(inbound.text)
    return parse(fix["right"], now).location if fix else reading.location


@router.message(names_a_place, open_question)
async def answer_location(
    inbound: Inbound,
    dialog: Dialog,
    reading: Reading,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> HandlerResult:
    given = _given(inbound, reading, now)
    if given.is_empty():
        return UNHANDLED  # something else: the question stays open until it expires
    return (
        await answer_question(
            session, dialog=dialog, given=given, settings=settings, rules=rules, now=now
        )
        or UNHANDLED
    )


@router.message(is_correction)
async def correct_report(
    inbound: Inbound,
    wrong: str,
    right: str,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    now: datetime,
) -> HandlerResult:
    person = sender.person
    if person is None or person.id is None:
        return UNHANDLED
    events = await recent_reports(session, reporter_id=person.id, chat_id=inbound.chat_id, now=now)
    given = parse(right, now).location
    if not events or given.is_empty():
        return UNHANDLED
    event = first_at(events, parse(wrong, now).location)
    if event is None:
        event = events[0]  # only for the reply's language and address; nothing changes
        report = await _report_of(event, inbound, person, session, now)
        return [report.answer("report_correction_unmatched", {"wrong": wrong})]
    in_group = inbound.chat_kind is ChatKind.GROUP
    place = await complete_location(
        session,
        location=corrected(event_location(event), given),
        chat_id=inbound.chat_id if in_group else None,
        reporter=person,
    )
    report = await _report_of(event, inbound, person, session, now)
    outbounds: list[Outbound] = await relocate(
        session,
        event=event,
        place=place,
        report=report,
        actor_id=person.id,
        settings=settings,
        now=now,
    )
    return outbounds


async def _report_of(
    event: Event, inbound: Inbound, person: Person, session: AsyncSession, now: datetime
) -> Report:
    return Report(
        kind=event.kind,
        urgent=event.urgent,
        text=event.text,
        lang=await answer_language(session, person=person, written=parse(inbound.text, now).lang),
        chat_id=inbound.chat_id,
        chat_kind=inbound.chat_kind,
        message_id=inbound.message_id,
        sender_id=inbound.sender_id,
        sender_name=inbound.sender_name,
    )
