"""Asking once where a report is ("请问是几幢几室？") when no landlord grid can be found.

The report is stored at once as a new, unassigned event (nothing is lost if nobody answers),
and a dialog keyed by (chat, sender) waits QUESTION_TTL for the answer. An unanswered
question is handed to community staff (handlers.reports.fallback.expire_location_questions).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound
from handlers.reports.location import Place
from handlers.reports.messages import Report
from models.crud.dialogs import open_dialog
from models.crud.events import create_event
from models.event import Event
from models.messaging import Dialog
from models.person import Person

QUESTION = "report_location"
QUESTION_TTL = timedelta(minutes=30)


async def ask_location(
    session: AsyncSession,
    *,
    report: Report,
    place: Place,
    reporter: Person,
    settings: Settings,
    now: datetime,
) -> list[Outbound]:
    loc = place.location
    expires_at = now + QUESTION_TTL
    event = await create_event(
        session,
        kind=report.kind,
        text=report.text,
        created_at=now,
        tz=settings.timezone,
        urgent=report.urgent,
        community=loc.community,
        building=loc.building,
        unit=loc.unit,
        floor=loc.floor,
        room=loc.room,
        reporter_id=reporter.id,
        source_chat_id=report.chat_id,
        source_message_id=report.message_id,
        next_action_at=expires_at,  # the follow-up worker hands it on if nobody answers
    )
    await open_dialog(
        session,
        chat_id=report.chat_id,
        sender_id=report.sender_id,
        name=QUESTION,
        slots=question_slots(event, report),
        expires_at=expires_at,
    )
    values = {"numbers": report.numbers, "minutes": int(QUESTION_TTL.total_seconds() // 60)}
    return [report.answer("report_ask_location", values)]


def question_slots(event: Event, report: Report) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "lang": report.lang,
        "chat_kind": report.chat_kind.value,
        "sender_name": report.sender_name,
        "numbers": list(report.numbers),
        "family": report.family,
        "gas_line": report.gas_line,
    }


def report_of(dialog: Dialog, event: Event) -> Report:
    """The report behind a question, rebuilt from the stored event and the dialog's slots."""
    slots = dialog.slots
    return Report(
        kind=event.kind,
        urgent=event.urgent,
        text=event.text,
        lang=str(slots.get("lang", "zh")),
        chat_id=dialog.chat_id,
        chat_kind=ChatKind(slots.get("chat_kind", ChatKind.GROUP.value)),
        message_id=event.source_message_id or "",
        sender_id=dialog.sender_id,
        sender_name=str(slots.get("sender_name", "")),
        numbers=tuple(str(n) for n in slots.get("numbers", ())),
        family=slots.get("family"),
        gas_line=str(slots.get("gas_line", "")),
    )
