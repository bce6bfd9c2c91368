"""Keeping one photo with its event: fetch (capped), clean, store, record, and say so."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import (
    ChatKind,
    Inbound,
    MediaKind,
    MediaRef,
    MediaSource,
    MediaTooLarge,
    TransportError,
)
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.followup.reporters import event_group, reachable_reporters, to_reporters
from bot.followup.specs import FollowupRules
from bot.followup.views import event_view_of
from bot.media import MediaFolder, NotAnImage
from models.crud.photos import add_photo, photos_of
from models.event import Event
from models.photo import PhotoRole
from models.states import EventState

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Photo:
    """One incoming picture (or file) and what keeping it needs."""

    inbound: Inbound
    media: MediaRef
    sender: Sender
    source: MediaSource
    folder: MediaFolder
    settings: Settings
    rules: FollowupRules
    now: datetime


async def keep_photo(
    session: AsyncSession, photo: Photo, event: Event, role: PhotoRole
) -> list[Outbound]:
    assert event.id is not None
    view = await event_view_of(session, event, photo.settings.timezone)
    problem = None
    if photo.media.kind is not MediaKind.IMAGE:
        problem = "not_image"  # a document, a voice note...: not fetched at all
    else:
        try:
            data = await photo.source.fetch_media(photo.media, limit=photo.settings.media.max_size)
            stored = await photo.folder.keep(data)
        except MediaTooLarge:
            problem = "too_large"
        except NotAnImage as error:
            logger.info("message %s is no picture: %s", photo.inbound.message_id, error)
            problem = "not_image"
        except TransportError as error:
            logger.warning(
                "cannot fetch the photo of message %s: %s", photo.inbound.message_id, error
            )
            problem = "unavailable"
    if problem is not None:
        limit_mb = photo.settings.media.max_size / 1024**2
        context = {"event": view, "problem": problem, "limit_mb": limit_mb}
        return [_answer(photo, "photo_refused", context)]
    person = photo.sender.person
    added = await add_photo(
        session,
        event_id=event.id,
        role=role,
        file=stored.name,
        size=stored.size,
        width=stored.width,
        height=stored.height,
        sender_id=person.id if person is not None else None,
        message_id=photo.inbound.message_id,
        now=photo.now,
    )
    count = sum(1 for p in await photos_of(session, event_id=event.id) if p.role is role)
    told: list[Outbound] = []
    if role is PhotoRole.FIX and added and count == 1:
        told = await _show_reporters(session, photo, event, view)
    context = {"event": view, "role": role.value, "count": count, "again": not added}
    # In a group only an event's first photo is acknowledged: three photos are not three
    # messages to everyone. A direct chat hears of each.
    if count > 1 and photo.inbound.chat_kind is ChatKind.GROUP:
        return told
    return [_answer(photo, "photo_kept", {**context, "told": bool(told)}), *told]


def _answer(photo: Photo, template: str, context: dict[str, object]) -> Outbound:
    """Where the photo came from: the group (@mentioning the sender) or the direct chat."""
    return reply(photo.inbound, template, context, lang=photo.sender.lang)


async def _show_reporters(
    session: AsyncSession, photo: Photo, event: Event, view: dict[str, object]
) -> list[Outbound]:
    """The reporters hear of the fix photo with the question again, while it is still
    theirs to answer (not yet confirmed) and not in the quiet hours (the worker's question
    then mentions the photo)."""
    if event.state is not EventState.RESOLVED:
        return []
    if photo.rules.holds_back(urgent=event.urgent, now=photo.now):
        return []
    reporters = await reachable_reporters(session, event)
    if not reporters:
        return []
    group = await event_group(session, event)
    context: dict[str, object] = {"event": view, "confirm_hours": photo.rules.confirm_hours}
    return to_reporters(group, reporters, "photo_fix_reporters", context)
