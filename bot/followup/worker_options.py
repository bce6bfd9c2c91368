"""The worker's knobs, and what one pass did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class WorkerOptions:
    batch: int = 100  # events per claiming transaction
    max_sleep: timedelta = timedelta(minutes=1)  # events other processes stored
    retry: timedelta = timedelta(seconds=30)  # after a failed pass (the database is away)
    # Woken by new events, wait this long first: a burst of reports costs one pass, and a
    # new event's first deadline is minutes away (urgent ones are notified by intake).
    wake_linger: timedelta = timedelta(milliseconds=250)


@dataclass(frozen=True)
class TickReport:
    claimed: int = 0
    acted: int = 0
    queued: int = 0
    digests: int = 0
