"""What an operator asks a running bot: is it alive, is it ready, what are its numbers.

/healthz answers while the process serves at all. /readyz answers 200 only when the
database answers (a `SELECT 1` within `timeout`), the transport is logged in (channels
that log in) and no message waits in the journal; else 503, with what is wrong. /metrics
is bot/metrics.py's registry, its gauges read fresh (the outbox from the database).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from bot.chat import LogsIn
from models.crud.outbox import pending_summary

if TYPE_CHECKING:
    from bot.app import App

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Readiness:
    database: str  # "ok" or what failed
    transport: str  # "logged in", "not logged in", or "always on" (no login)
    journal: int  # messages waiting in it

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.transport != "not logged in" and not self.journal

    def as_json(self) -> dict[str, object]:
        return {
            "ready": self.ready,
            "database": self.database,
            "transport": self.transport,
            "journal": self.journal,
        }


class Operations:
    def __init__(self, app: App, *, timeout: float = 2.0) -> None:
        self._app = app
        self._timeout = timeout

    async def readiness(self) -> Readiness:
        return Readiness(await self._database(), self._transport(), self._app.intake.waiting)

    async def metrics(self, accept: str = "") -> tuple[bytes, str]:
        """The exposition for a scraper's Accept header, and its content type."""
        app, metrics = self._app, self._app.metrics
        database = await self._database()
        metrics.database_up.set(database == "ok")
        if database == "ok":
            try:
                async with asyncio.timeout(self._timeout), app.sessions() as session:
                    pending, oldest = await pending_summary(session)
                metrics.outbox(pending, oldest, app.clock.now())
            except Exception as error:  # the gauges keep their last values
                logger.warning("reading the outbox for /metrics failed: %s", error)
        journal = app.intake.journal
        if journal is not None:
            metrics.journal(journal.pending, journal.used, journal.capacity)
        metrics.logged_in.set(self._transport() != "not logged in")
        return metrics.exposition(accept)

    async def _database(self) -> str:
        try:
            async with asyncio.timeout(self._timeout), self._app.sessions() as session:
                await (await session.connection()).execute(text("SELECT 1"))
        except TimeoutError:
            return f"no answer within {self._timeout:g} s"
        except Exception as error:
            return f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return "ok"

    def _transport(self) -> str:
        transport = self._app.transport
        if not isinstance(transport, LogsIn):
            return "always on"
        return "logged in" if transport.logged_in else "not logged in"
