"""Photos with events: a reporter's picture of the problem, a leader's of the fix.

A photo (or any file) from a person in the chat where they reported something within
`[media] window`, or one quoting their report, belongs to that event; a worker's photo in
their direct chat within the window after their "已解决 N" is the fix photo, and the
reporters are told (with the confirmation question again). Anything else with a picture is
chatter: an image alone never opens an event, and nothing is fetched for it. A file that
is too big, not a picture, or cannot be fetched is answered with what went wrong; the
event and everything else stay as they were.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound, MediaSource
from bot.config.settings import Settings
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.followup.specs import FollowupRules
from bot.media import MediaFolder
from handlers.leader.auth import is_worker
from handlers.own_messages import not_from_bot
from handlers.photos.grammar import attachment
from handlers.photos.keep import Photos, keep_photos
from models.crud.photos import reported_event, resolved_by
from models.photo import PhotoRole

router = Router("photos", not_from_bot, attachment)


@router.message()
async def take_photo(
    inbound: Inbound,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    media_source: MediaSource,
    media_folder: MediaFolder,
    now: datetime,
) -> HandlerResult:
    since = now - settings.media.window
    photos = Photos(inbound, sender, media_source, media_folder, settings, rules, now)
    person = sender.person
    direct = inbound.chat_kind is ChatKind.DIRECT
    if direct and person is not None and person.id is not None and await is_worker(session, person):
        fixed = await resolved_by(session, actor_id=person.id, since=since)
        if fixed is not None:
            return await keep_photos(session, photos, fixed, PhotoRole.FIX)
    event = await reported_event(
        session,
        contact_id=inbound.sender_id,
        chat_id=inbound.chat_id,
        since=since,
        quoted_message_id=inbound.quoted_message_id,
    )
    if event is None:
        return UNHANDLED  # a picture about nothing reported: chatter
    return await keep_photos(session, photos, event, PhotoRole.REPORT)
