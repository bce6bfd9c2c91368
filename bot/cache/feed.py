"""Following the database's change log (models/changes.py): which keys changed since.

Triggers append (area, key) rows for every write to the cached tables, by any process.
Each catch-up reads the rows numbered above the highest one this process has seen. On
PostgreSQL numbers are taken before commit, so a row can become visible after a higher one
(a longer transaction), and a rolled-back one never does: the numbers skipped are asked for
by name on each catch-up until they appear or `gap_patience` passes (a transaction longer
than that is not expected of anything that writes these tables). SQLite has one writer and
never skips. After a long silence (the log is pruned) or a flood of changes the feed says
"start over", and the caller forgets everything.

Reading the log costs a round trip on PostgreSQL, so there the feed reads it only when it
may have grown: after a commit of this process that may have written a watched table
(models/changes.local_commits), when the database's NOTIFY says another one wrote (the
reader hears it), while skipped numbers are awaited, and at least every `max_quiet`
seconds in case a notification was lost. Chatter from known people then costs no round
trip at all; a change by another process is seen within the notification's delivery.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from models.change_reader import ChangeReader, Row
from models.changes import local_commits
from models.crud.changes import changes_after, changes_among, latest_change, prune_changes

Key = tuple[str, str]  # (area, key)
SessionOpener = Callable[[], Awaitable[AsyncSession]]  # the caller's transaction, on demand


@dataclass(frozen=True)
class FeedPolicy:
    gap_patience: float = 120.0  # seconds a skipped number is asked for
    keep: timedelta = timedelta(minutes=10)  # how long rows stay in the log
    prune_every: float = 60.0  # seconds between this process's prunes
    batch: int = 10_000  # more changes than this at once: start over
    max_missing: int = 1_000  # more skipped numbers than this: start over
    max_quiet: float = 1.0  # seconds a notifying database's log may go unread

    @property
    def silence(self) -> float:
        """Seconds without a catch-up after which rows may have been pruned unseen."""
        return self.keep.total_seconds() / 2


class ChangeFeed:
    def __init__(
        self,
        policy: FeedPolicy | None = None,
        *,
        reader: ChangeReader | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._policy = policy or FeedPolicy()
        self._reader = reader  # a connection of its own (models/change_reader.py); else the session
        self._monotonic = monotonic
        self._high: int | None = None  # the highest number seen
        self._missing: dict[int, float] = {}  # numbers below it not seen yet: since when
        self._last_catch_up = 0.0
        self._last_prune = 0.0
        self._last_read = 0.0
        self._heard = 0  # the reader's `notified` at the last read
        self._commits = 0  # local_commits() at the last read

    def forget(self) -> None:
        """Start over at the next catch-up (e.g. after a transaction that filled caches
        from its own writes was rolled back)."""
        self._high = None

    async def catch_up(self, db: SessionOpener, now: datetime) -> list[Key] | None:
        """The keys changed since the last call, or None: forget everything cached."""
        moment = self._monotonic()
        silent = moment - self._last_catch_up > self._policy.silence
        self._last_catch_up = moment
        if moment - self._last_prune > self._policy.prune_every:
            self._last_prune = moment
            await prune_changes(await db(), before=now - self._policy.keep)
        if self._high is None or silent:
            self._note_read(moment)
            self._restart(await self._latest(db))
            return None
        if self._nothing_new(moment):
            return []
        self._note_read(moment)
        rows = await self._after(db, self._high)
        if len(rows) >= self._policy.batch:
            self._restart(rows[-1][0])
            return None
        late = await self._among(db, list(self._missing))
        for seq, _, _ in late:
            del self._missing[seq]
        for seq, _, _ in rows:
            if seq - self._high - 1 > self._policy.max_missing:  # e.g. after a pruned-empty log
                self._restart(rows[-1][0])
                return None
            self._missing.update(dict.fromkeys(range(self._high + 1, seq), moment))
            self._high = seq
        self._give_up_waiting(moment)
        if len(self._missing) > self._policy.max_missing:
            self._restart(self._high)
            return None
        return [(area, key) for _, area, key in (*late, *rows)]

    def _nothing_new(self, moment: float) -> bool:
        """Surely nothing to read: the database would have said, and this process wrote
        nothing the log watches, since the last read."""
        reader = self._reader
        return (
            reader is not None
            and reader.pushes
            and not self._missing
            and reader.notified == self._heard
            and local_commits() == self._commits
            and moment - self._last_read < self._policy.max_quiet
        )

    def _note_read(self, moment: float) -> None:
        """Before a read: what it will have taken into account."""
        self._last_read = moment
        self._commits = local_commits()
        if self._reader is not None:
            self._heard = self._reader.notified

    async def close(self) -> None:
        if self._reader is not None:
            await self._reader.close()

    async def _latest(self, db: SessionOpener) -> int:
        direct = await self._reader.latest() if self._reader else None
        return await latest_change(await db()) if direct is None else direct

    async def _after(self, db: SessionOpener, seq: int) -> list[Row]:
        limit = self._policy.batch
        direct = await self._reader.after(seq, limit) if self._reader else None
        return await changes_after(await db(), seq=seq, limit=limit) if direct is None else direct

    async def _among(self, db: SessionOpener, seqs: list[int]) -> list[Row]:
        direct = await self._reader.among(seqs) if self._reader else None
        return await changes_among(await db(), seqs=seqs) if direct is None else direct

    def _restart(self, high: int) -> None:
        """Carry on from `high`, knowing nothing: the caller is told to forget (None)."""
        self._high = high
        self._missing.clear()

    def _give_up_waiting(self, moment: float) -> None:
        expired = [
            n for n, since in self._missing.items() if moment - since >= self._policy.gap_patience
        ]
        for seq in expired:
            del self._missing[seq]
