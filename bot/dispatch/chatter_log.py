"""Records of messages no handler took (chatter), written to the inbound log in batches.

Four in five group messages are chatter; a row each, written on its own, was a third of
what handling one cost. Chatter changes nothing, so a crash that loses the rows not yet
written loses no event, reply or state: only up to `batch` lines (or `max_age` seconds) of
the log. The rows are written with the next handled message's transaction, or on their own
once due (bot/dispatch/pipeline.py). While the database is away they wait here, at most
`limit` of them: past that the oldest lines are dropped, with a warning, rather than memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from bot.bounded import BoundedMap

logger = logging.getLogger(__name__)


class ChatterLog:
    def __init__(
        self,
        *,
        batch: int = 256,
        max_age: float = 1.0,
        limit: int = 100_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._batch = batch
        self._max_age = max_age
        self._limit = limit
        self._dropped = 0
        self._monotonic = monotonic
        self._rows: BoundedMap[tuple[str, str], dict[str, Any]] = BoundedMap(limit)
        self._oldest = 0.0

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, row: dict[str, Any]) -> None:
        if not self._rows:
            self._oldest = self._monotonic()
        if self._rows.put(_key(row), row):
            self._dropped += 1
            if self._dropped in (1, 1000) or self._dropped % 100_000 == 0:
                logger.warning(
                    "the inbound log is unreachable; chatter lines dropped so far: %d",
                    self._dropped,
                )

    def due(self) -> bool:
        if not self._rows:
            return False
        full = len(self._rows) >= self._batch
        return full or self._monotonic() - self._oldest >= self._max_age

    def take(self) -> list[dict[str, Any]]:
        """Every waiting row, for the caller's transaction; `restore` them if it fails."""
        rows, self._rows = self._rows.values(), BoundedMap(self._limit)
        self._dropped = 0
        return rows

    def restore(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._oldest = self._monotonic()
            waiting = [(_key(r), r) for r in [*rows, *self._rows.values()]]
            self._rows = BoundedMap(self._limit, waiting)  # over the limit: the oldest go


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return (row["platform"], row["message_id"])
