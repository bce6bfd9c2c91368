"""One message's transaction, begun only when something first asks for the session.

Chatter answered from memory (bot/cache) never asks, and so costs no session, connection,
BEGIN or COMMIT. Handlers still just name `session` (a provider that opens it).
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

logger = logging.getLogger(__name__)


class LazySession:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    async def __call__(self) -> AsyncSession:
        if self._session is None:
            session = self._sessions()
            await session.begin()
            self._session = session
        return self._session

    async def commit(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                await session.commit()
            finally:
                await session.close()

    async def roll_back(self) -> None:
        """Undo what was done, if anything; never raises (it runs while handling an error)."""
        session, self._session = self._session, None
        if session is None:
            return
        try:
            await session.rollback()
            await session.close()
        except Exception:  # the connection is gone: nothing was committed either way
            logger.exception("rolling back a message's transaction failed")


async def open_session(lazy_session: LazySession) -> AsyncSession:
    """The `session` context value: the message's transaction, begun on first use."""
    return await lazy_session()
