"""Console sessions: opened by a used login link, kept alive by use, ended by time or hand.

The browser holds a random session id; the database holds its hash, when it was last used
(idle timeout) and when it ends whatever happens (absolute lifetime).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.console_settings import ConsoleSettings
from bot.console.tokens import looks_like_secret, new_secret, secret_hash
from models.console import ConsoleSession
from models.crud.console_auth import (
    LinkState,
    end_session,
    end_sessions_of,
    live_session,
    start_session,
    touch_session,
    use_login_link,
)
from models.person import Person

# Last use is written at most this often: a page view is not a write each time.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Opened:
    state: LinkState
    person: Person | None
    session_id: str | None = None  # for the cookie; only when the link was good
    expires_at: datetime | None = None


async def open_session(
    session: AsyncSession,
    *,
    token: str,
    now: datetime,
    settings: ConsoleSettings,
    client: str | None,
) -> Opened:
    """Use a login link once and open a session for its person."""
    if not looks_like_secret(token):
        return Opened(LinkState.UNKNOWN, None)
    state, person = await use_login_link(session, token_hash=secret_hash(token), now=now)
    if state is not LinkState.GOOD or person is None or person.id is None:
        return Opened(state, person)
    session_id = new_secret()
    row = await start_session(
        session,
        person_id=person.id,
        id_hash=secret_hash(session_id),
        now=now,
        lifetime=settings.lifetime,
        client=client,
    )
    return Opened(state, person, session_id, row.expires_at)


async def current_session(
    session: AsyncSession, *, session_id: str, now: datetime, settings: ConsoleSettings
) -> tuple[ConsoleSession, Person] | None:
    """The live session behind a cookie (touched when its last use is a minute old)."""
    if not looks_like_secret(session_id):
        return None
    found = await live_session(
        session, id_hash=secret_hash(session_id), now=now, idle_timeout=settings.idle_timeout
    )
    if found is not None and now - found[0].last_seen_at >= TOUCH_EVERY:
        await touch_session(session, session_id=found[0].id or 0, now=now)
    return found


async def close_session(session: AsyncSession, *, session_id: str, now: datetime) -> None:
    if looks_like_secret(session_id):
        await end_session(session, id_hash=secret_hash(session_id), now=now)


async def sign_out_everywhere(session: AsyncSession, *, person_id: int, now: datetime) -> int:
    """End every open session of a person; how many there were."""
    return await end_sessions_of(session, person_id=person_id, now=now)
