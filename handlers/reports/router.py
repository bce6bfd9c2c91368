"""Reports in a landlord group (or to the bot directly): the reading becomes an event.

Only incident readings are taken; chatter falls through every router and gets no reply.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound, MediaSource
from bot.config.settings import Settings
from bot.dispatch.filters import reading_kind
from bot.dispatch.outbound import Outbound
from bot.dispatch.participants import UNKNOWN_LANG, Sender
from bot.dispatch.router import Router
from bot.followup.specs import FollowupRules
from bot.kinds import INCIDENT_KINDS
from bot.lang.detect import guess_language
from bot.media import MediaFolder
from bot.nlu.reading import Reading
from handlers.own_messages import not_from_bot
from handlers.photos.keep import Photos, keep_with_report
from handlers.reports import dialog
from handlers.reports.families import handling
from handlers.reports.intake import file_report
from handlers.reports.location import complete_location
from handlers.reports.messages import Report
from models.crud.people import ensure_chat_person
from models.crud.report_context import reporter_by_contact

# Tried earlier than `router`, before the confirmations: answers to the location question
# and corrections of a report's place.
dialog_router = dialog.router

router = Router("reports", not_from_bot)


@router.message(reading_kind(*INCIDENT_KINDS))
async def take_report(
    inbound: Inbound,
    reading: Reading,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    media_source: MediaSource,
    media_folder: MediaFolder,
    now: datetime,
) -> list[Outbound]:
    # The reporter with their chosen language and home, in one statement.
    reporter, facts = await reporter_by_contact(session, contact_id=inbound.sender_id)
    if reporter is None or (reporter.key is None and reporter.name != inbound.sender_name):
        lang = reporter.lang if reporter is not None else guess_language(inbound.text, UNKNOWN_LANG)
        # The same person renamed keeps their facts; a new one has none yet.
        reporter = await ensure_chat_person(
            session, contact_id=inbound.sender_id, name=inbound.sender_name, lang=lang
        )
    taken = handling(reading, inbound.text)  # a gas leak, a collapse: urgent whatever was read
    report = Report(
        kind=taken.kind,
        urgent=taken.urgent,
        text=inbound.text,
        lang=reading.lang if facts.chosen_lang is None else facts.chosen_lang,
        chat_id=inbound.chat_id,
        chat_kind=inbound.chat_kind,
        message_id=inbound.message_id,
        sender_id=inbound.sender_id,
        sender_name=inbound.sender_name,
        numbers=taken.numbers,
        family=taken.family,
        gas_line=settings.emergency.gas_company,
    )
    in_group = inbound.chat_kind is ChatKind.GROUP
    place = await complete_location(
        session,
        location=reading.location,
        chat_id=inbound.chat_id if in_group else None,
        reporter=reporter,
        facts=facts,
    )
    outbounds = await file_report(
        session,
        report=report,
        place=place,
        named=reading.location,
        reporter=reporter,
        settings=settings,
        rules=rules,
        now=now,
    )
    if inbound.media:  # a report with its photos in one message (WeCom's mixed messages)
        sender = Sender(inbound.sender_id, inbound.sender_name, report.lang, reporter)
        photos = Photos(inbound, sender, media_source, media_folder, settings, rules, now)
        outbounds += await keep_with_report(session, photos, reporter=reporter)
    return outbounds
