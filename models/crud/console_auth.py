"""Login links and console sessions: issued, redeemed once, touched, ended.

Callers hash the secrets; these functions never see a token or a session id in clear.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.console import ConsoleSession, LoginLink
from models.person import Person


class LinkState(StrEnum):
    GOOD = "good"
    UNKNOWN = "unknown"  # no such link: mistyped, made up, or cut short by a chat app
    EXPIRED = "expired"
    USED = "used"


async def add_login_link(
    session: AsyncSession, *, person_id: int, token_hash: str, now: datetime, lifetime: timedelta
) -> LoginLink:
    link = LoginLink(
        person_id=person_id, token_hash=token_hash, created_at=now, expires_at=now + lifetime
    )
    session.add(link)
    await session.flush()
    return link


async def look_at_link(
    session: AsyncSession, *, token_hash: str, now: datetime
) -> tuple[LinkState, Person | None]:
    """What a link is worth now, without using it (the page before the sign-in button)."""
    link = (await session.exec(select(LoginLink).where(LoginLink.token_hash == token_hash))).first()
    return await _state(session, link, now)


async def use_login_link(
    session: AsyncSession, *, token_hash: str, now: datetime
) -> tuple[LinkState, Person | None]:
    """Mark a good link used (the row is locked first, so two clicks cannot both use it)."""
    statement = select(LoginLink).where(LoginLink.token_hash == token_hash).with_for_update()
    link = (await session.exec(statement)).first()
    state, person = await _state(session, link, now)
    if state is LinkState.GOOD and link is not None:
        link.used_at = now
        session.add(link)
        await session.flush()
    return state, person


async def _state(
    session: AsyncSession, link: LoginLink | None, now: datetime
) -> tuple[LinkState, Person | None]:
    if link is None:
        return LinkState.UNKNOWN, None
    person = await session.get(Person, link.person_id)
    if link.used_at is not None:
        return LinkState.USED, person
    if now >= link.expires_at:
        return LinkState.EXPIRED, person
    return LinkState.GOOD, person


async def start_session(
    session: AsyncSession,
    *,
    person_id: int,
    id_hash: str,
    now: datetime,
    lifetime: timedelta,
    client: str | None,
) -> ConsoleSession:
    row = ConsoleSession(
        person_id=person_id,
        id_hash=id_hash,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        client=(client or "")[:64] or None,
    )
    session.add(row)
    await session.flush()
    return row


async def live_session(
    session: AsyncSession, *, id_hash: str, now: datetime, idle_timeout: timedelta
) -> tuple[ConsoleSession, Person] | None:
    """The session and its person while it is neither ended, expired nor idle too long."""
    statement = (
        select(ConsoleSession, Person)
        .join(Person, col(Person.id) == col(ConsoleSession.person_id))
        .where(ConsoleSession.id_hash == id_hash)
        .where(col(ConsoleSession.ended_at).is_(None))
        .where(col(ConsoleSession.expires_at) > now)
        .where(col(ConsoleSession.last_seen_at) > now - idle_timeout)
    )
    found = (await session.exec(statement)).first()
    return None if found is None else (found[0], found[1])


async def touch_session(session: AsyncSession, *, session_id: int, now: datetime) -> None:
    statement = (
        update(ConsoleSession).where(col(ConsoleSession.id) == session_id).values(last_seen_at=now)
    )
    await session.exec(statement)


async def end_session(session: AsyncSession, *, id_hash: str, now: datetime) -> int:
    statement = (
        update(ConsoleSession)
        .where(col(ConsoleSession.id_hash) == id_hash)
        .where(col(ConsoleSession.ended_at).is_(None))
        .values(ended_at=now)
    )
    result = await session.exec(statement)
    return int(result.rowcount)


async def end_sessions_of(session: AsyncSession, *, person_id: int, now: datetime) -> int:
    """Sign a person out everywhere: every open session of theirs ends now."""
    statement = (
        update(ConsoleSession)
        .where(col(ConsoleSession.person_id) == person_id)
        .where(col(ConsoleSession.ended_at).is_(None))
        .values(ended_at=now)
    )
    result = await session.exec(statement)
    return int(result.rowcount)
