"""Keeping a message's pictures with an event: fetch (capped), clean, store, record, say so."""

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
from bot.media import MediaFolder, NotAnImage, StoredImage
from models.crud.photos import add_photo, photos_of, reported_event
from models.event import Event
from models.person import Person
from models.photo import PhotoRole
from models.states import EventState

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Photos:
    """One message's pictures (`inbound.media`) and what keeping them needs."""

    inbound: Inbound
    sender: Sender
    source: MediaSource
    folder: MediaFolder
    settings: Settings
    rules: FollowupRules
    now: datetime


async def keep_photos(
    session: AsyncSession,
    photos: Photos,
    event: Event,
    role: PhotoRole,
    *,
    acknowledge: bool = True,
) -> list[Outbound]:
    """Keep each picture with `event`; what the sender (and, for a fix, the reporters) are
    told. `acknowledge=False`: the message's own answer says enough (a report with its
    photos); problems are told all the same."""
    assert event.id is not None
    view = await event_view_of(session, event, photos.settings.timezone)
    problems: list[Outbound] = []
    added: list[bool] = []
    for media in photos.inbound.media:
        stored = await _fetched(photos, media)
        if isinstance(stored, str):
            limit_mb = photos.settings.media.max_size / 1024**2
            context = {"event": view, "problem": stored, "limit_mb": limit_mb}
            problems.append(_answer(photos, "photo_refused", context))
            continue
        person = photos.sender.person
        added.append(
            await add_photo(
                session,
                event_id=event.id,
                role=role,
                file=stored.name,
                size=stored.size,
                width=stored.width,
                height=stored.height,
                sender_id=person.id if person is not None else None,
                message_id=photos.inbound.message_id,
                now=photos.now,
            )
        )
    if not added:
        return problems
    count = sum(1 for p in await photos_of(session, event_id=event.id) if p.role is role)
    new = sum(added)
    told: list[Outbound] = []
    if role is PhotoRole.FIX and new and count == new:  # the fix's first photos
        told = await _show_reporters(session, photos, event, view)
    # In a group only an event's first photos are acknowledged: three photos are not
    # three messages to everyone. A direct chat hears of each.
    earlier = count > new and photos.inbound.chat_kind is ChatKind.GROUP
    if not acknowledge or (earlier and new):
        return [*problems, *told]
    context = {"event": view, "role": role.value, "count": count, "again": not new}
    return [_answer(photos, "photo_kept", {**context, "told": bool(told)}), *problems, *told]


async def keep_with_report(
    session: AsyncSession, photos: Photos, *, reporter: Person
) -> list[Outbound]:
    """The pictures that came in the report's own message (a WeCom mixed message), kept
    with the event it opened or joined; nothing when it opened none (its place is asked
    first: the photos then wait for no one, and the reporter may send them again)."""
    if not photos.inbound.media:
        return []
    inbound = photos.inbound
    event = await reported_event(
        session,
        contact_id=inbound.sender_id,
        chat_id=inbound.chat_id,
        since=photos.now,
        quoted_message_id=inbound.message_id,
    )
    if event is None:
        return []
    return await keep_photos(session, photos, event, PhotoRole.REPORT, acknowledge=False)


async def _fetched(photos: Photos, media: MediaRef) -> StoredImage | str:
    """The picture stored, or what went wrong (a word for the template)."""
    if media.kind is not MediaKind.IMAGE:
        return "not_image"  # a document, a voice note...: not fetched at all
    ref = photos.inbound.message_id
    try:
        data = await photos.source.fetch_media(media, limit=photos.settings.media.max_size)
        return await photos.folder.keep(data)
    except MediaTooLarge:
        return "too_large"
    except NotAnImage as error:
        logger.info("message %s is no picture: %s", ref, error)
        return "not_image"
    except TransportError as error:
        logger.warning("cannot fetch the photo of message %s: %s", ref, error)
        return "unavailable"


def _answer(photos: Photos, template: str, context: dict[str, object]) -> Outbound:
    """Where the photo came from: the group (@mentioning the sender) or the direct chat."""
    return reply(photos.inbound, template, context, lang=photos.sender.lang)


async def _show_reporters(
    session: AsyncSession, photos: Photos, event: Event, view: dict[str, object]
) -> list[Outbound]:
    """The reporters hear of the fix photo with the question again, while it is still
    theirs to answer (not yet confirmed) and not in the quiet hours (the worker's question
    then mentions the photo)."""
    if event.state is not EventState.RESOLVED:
        return []
    if photos.rules.holds_back(urgent=event.urgent, now=photos.now):
        return []
    reporters = await reachable_reporters(session, event)
    if not reporters:
        return []
    group = await event_group(session, event)
    context: dict[str, object] = {"event": view, "confirm_hours": photos.rules.confirm_hours}
    return to_reporters(group, reporters, "photo_fix_reporters", context)
