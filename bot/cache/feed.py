"""Following the database's change log (models/changes.py): which keys changed since.

Triggers append (area, key) rows for every write to the cached tables, by any process.
Each catch-up reads the rows after the last sequence number this process has applied.
On PostgreSQL sequence numbers are taken before commit, so a row can become visible after
a higher one (a longer transaction) and a rolled-back one never does: a missing number is
waited for, and given up after `gap_patience` seconds. After a long silence (the log is
pruned) or a flood of changes, the feed says "start over" and the caller forgets everything.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.changes import changes_after, latest_change, prune_changes

Key = tuple[str, str]  # (area, key)


@dataclass(frozen=True)
class FeedPolicy:
    gap_patience: float = 30.0  # seconds a missing sequence number is waited for
    keep: timedelta = timedelta(minutes=10)  # how long rows stay in the log
    prune_every: float = 60.0  # seconds between this process's prunes
    batch: int = 10_000  # more changes than this at once: start over

    @property
    def silence(self) -> float:
        """Seconds without a catch-up after which rows may have been pruned unseen."""
        return self.keep.total_seconds() / 2


class ChangeFeed:
    def __init__(
        self, policy: FeedPolicy | None = None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._policy = policy or FeedPolicy()
        self._monotonic = monotonic
        self._low: int | None = None  # every sequence number up to here is applied
        self._applied: set[int] = set()  # applied numbers above `_low`
        self._missing_since: dict[int, float] = {}
        self._last_catch_up = 0.0
        self._last_prune = 0.0

    def forget(self) -> None:
        """Start over at the next catch-up (e.g. after a transaction that filled caches
        from its own writes was rolled back)."""
        self._low = None

    async def catch_up(self, session: AsyncSession, now: datetime) -> list[Key] | None:
        """The keys changed since the last call, or None: forget everything cached."""
        moment = self._monotonic()
        silent = moment - self._last_catch_up > self._policy.silence
        self._last_catch_up = moment
        if moment - self._last_prune > self._policy.prune_every:
            self._last_prune = moment
            await prune_changes(session, before=now - self._policy.keep)
        if self._low is None or silent:
            self._restart(await latest_change(session))
            return None
        rows = await changes_after(session, seq=self._low, limit=self._policy.batch)
        if len(rows) >= self._policy.batch:
            self._restart(rows[-1][0])
            return None
        changed = [(area, key) for seq, area, key in rows if seq not in self._applied]
        self._applied.update(seq for seq, _, _ in rows)
        self._advance(moment)
        return changed

    def _restart(self, low: int) -> None:
        self._low = low
        self._applied.clear()
        self._missing_since.clear()

    def _advance(self, moment: float) -> None:
        assert self._low is not None
        while self._applied:
            following = self._low + 1
            if following in self._applied:
                self._applied.remove(following)
            else:
                noticed = self._missing_since.setdefault(following, moment)
                if moment - noticed < self._policy.gap_patience:
                    return
                del self._missing_since[following]
            self._low = following
