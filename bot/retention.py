"""Keeping the inbound log bounded: rows older than [retention] inbound_log are deleted.

At ~20 million chat lines a day for a city the log would grow without end; its rows serve
to recognise redeliveries (minutes) and to look back at what was said (days). Once an hour
the job deletes what is older than the retention, oldest first, in batches of `batch` rows,
each its own short transaction (on SQLite it takes turns with the pipeline), until none is
left. Several processes may run it on one PostgreSQL database: each skips the rows another
is deleting.

Why not monthly partitions on PostgreSQL: the log's unique key (platform, message id) must
hold across the whole table for a redelivery to be found, and a partitioned table's unique
keys must include the partition column (the time received). Deleting by range on an index
of the time received keeps it as small, on both databases.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.background import Background
from bot.clock import Clock
from models.changes import touches_no_cached_table
from models.crud.inbound import delete_inbound_before

logger = logging.getLogger(__name__)


@dataclass
class InboundRetention:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    keep: timedelta
    writer: asyncio.Lock | None = None  # SQLite: the pipeline's lock, one writer at a time
    every: timedelta = timedelta(hours=1)
    batch: int = 10_000
    deleted: int = 0  # rows deleted since start
    _loop: Background = field(default_factory=lambda: Background("inbound-retention"))

    async def run_once(self) -> int:
        """Delete everything older than the retention; how many rows went."""
        before = self.clock.now() - self.keep
        total = 0
        while True:
            async with self._writing(), self.sessions() as session, session.begin():
                touches_no_cached_table(session.sync_session)
                deleted = await delete_inbound_before(session, before=before, limit=self.batch)
            total += deleted
            if deleted < self.batch:
                break
            await asyncio.sleep(0)  # let messages through between batches
        self.deleted += total
        if total:
            logger.info("deleted %d inbound log rows received before %s", total, before)
        return total

    async def start(self) -> None:
        self._loop.start(self._run)

    async def stop(self) -> None:
        await self._loop.stop()

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # the database is away: next hour
                logger.exception("the inbound log's retention job failed")
            await asyncio.sleep(self.every.total_seconds())

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        return self.writer if self.writer is not None else contextlib.nullcontext()
