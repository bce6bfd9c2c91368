"""Saying something at most once a while: who was told what, and when (in this process)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.bounded import BoundedMap


@dataclass
class OncePer:
    """`due(key, now)` is True the first time, then again only `period` later."""

    period: timedelta
    size: int = 10_000  # keys remembered; the earliest are forgotten first
    _told: BoundedMap[Hashable, datetime] = field(init=False)

    def __post_init__(self) -> None:
        self._told = BoundedMap(self.size)

    def due(self, key: Hashable, now: datetime) -> bool:
        last = self._told.get(key, None)
        if last is not None and now - last < self.period:
            return False
        self._told.put(key, now)
        return True
