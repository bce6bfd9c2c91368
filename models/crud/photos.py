"""Photos of events: which event a photo belongs to, keeping it, listing an event's."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.event import Event, EventLog, EventReporter
from models.person import Person
from models.photo import EventPhoto, PhotoRole
from models.states import EventState

RESOLVE_ACTION = "resolve"  # what the leader's "已解决 N" logs (handlers/leader/changes.py)


async def reported_event(
    session: AsyncSession,
    *,
    contact_id: str,
    chat_id: str,
    since: datetime,
    quoted_message_id: str | None = None,
) -> Event | None:
    """The event a photo from `contact_id` in `chat_id` belongs to: the report it quotes,
    else the latest this person reported there since `since` (as the first reporter or
    as a merged duplicate's)."""
    if quoted_message_id is not None:
        return await _quoted(session, chat_id=chat_id, message_id=quoted_message_id)
    first = (
        select(Event)
        .join(Person, col(Person.id) == Event.reporter_id)
        .where(Person.contact_id == contact_id)
        .where(Event.source_chat_id == chat_id)
        .where(col(Event.created_at) >= since)
        .order_by(col(Event.created_at).desc())
        .limit(1)
    )
    merged = (
        select(EventReporter)
        .join(Person, col(Person.id) == EventReporter.person_id)
        .where(Person.contact_id == contact_id)
        .where(EventReporter.source_chat_id == chat_id)
        .where(col(EventReporter.added_at) >= since)
        .order_by(col(EventReporter.added_at).desc())
        .limit(1)
    )
    own = (await session.exec(first)).first()
    joined = (await session.exec(merged)).first()
    if joined is not None and (own is None or joined.added_at > own.created_at):
        return await session.get(Event, joined.event_id)
    return own


async def _quoted(session: AsyncSession, *, chat_id: str, message_id: str) -> Event | None:
    own = select(Event).where(
        Event.source_chat_id == chat_id, Event.source_message_id == message_id
    )
    event = (await session.exec(own)).first()
    if event is not None:
        return event
    merged = (
        select(Event)
        .join(EventReporter, col(EventReporter.event_id) == Event.id)
        .where(EventReporter.source_chat_id == chat_id)
        .where(EventReporter.source_message_id == message_id)
    )
    return (await session.exec(merged)).first()


async def resolved_by(session: AsyncSession, *, actor_id: int, since: datetime) -> Event | None:
    """The event `actor_id` last marked resolved since `since`, if it is still resolved or
    closed (not reopened since): a photo they send now shows the fix."""
    statement = (
        select(Event)
        .join(EventLog, col(EventLog.event_id) == Event.id)
        .where(EventLog.actor_id == actor_id)
        .where(EventLog.action == RESOLVE_ACTION)
        .where(col(EventLog.at) >= since)
        .where(col(Event.state).in_([EventState.RESOLVED, EventState.CLOSED]))
        .order_by(col(EventLog.at).desc(), col(EventLog.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def add_photo(
    session: AsyncSession,
    *,
    event_id: int,
    role: PhotoRole,
    file: str,
    size: int,
    width: int,
    height: int,
    sender_id: int | None,
    message_id: str | None,
    now: datetime,
) -> bool:
    """Keep the photo with the event; False when the event has this picture already."""
    known = select(EventPhoto.id).where(EventPhoto.event_id == event_id, EventPhoto.file == file)
    if (await session.exec(known)).first() is not None:
        return False
    session.add(
        EventPhoto(
            event_id=event_id,
            role=role,
            file=file,
            size=size,
            width=width,
            height=height,
            sender_id=sender_id,
            source_message_id=message_id,
            added_at=now,
        )
    )
    await session.flush()
    return True


async def photos_of(session: AsyncSession, *, event_id: int) -> list[EventPhoto]:
    """The event's photos, oldest first."""
    statement = (
        select(EventPhoto)
        .where(EventPhoto.event_id == event_id)
        .order_by(col(EventPhoto.added_at), col(EventPhoto.id))
    )
    return list((await session.exec(statement)).all())


async def fix_photo_count(session: AsyncSession, *, event_id: int | None) -> int:
    """How many photos of the fix the event has (a resolved event's question says so)."""
    if event_id is None:
        return 0
    statement = select(func.count()).where(
        EventPhoto.event_id == event_id, EventPhoto.role == PhotoRole.FIX
    )
    return int((await session.exec(statement)).one())


async def event_photo(session: AsyncSession, *, event_id: int, file: str) -> EventPhoto | None:
    statement = select(EventPhoto).where(EventPhoto.event_id == event_id, EventPhoto.file == file)
    return (await session.exec(statement)).first()
