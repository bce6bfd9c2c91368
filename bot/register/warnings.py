"""When a visa warning is due: pure date arithmetic over the configured days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def due_threshold(expiry: date, today: date, warn_days: Sequence[int]) -> int | None:
    """The warning step due today: the smallest configured day count not below the days left.

    With (30, 7, 1, 0): 30 days left → 30; 5 left (the 7-day run was missed) → 7; on the
    day or after it → 0; 31 or more left → None. Each step is sent once per expiry date
    (the caller's dedupe key), so a renewal (a new date) starts the series again.
    """
    days_left = (expiry - today).days
    steps = [step for step in warn_days if step >= days_left]
    return min(steps) if steps else None


def masked_name(name: str) -> str:
    """张三 → 张*, Kim Minjun → K** M*****: enough for the group to know whom it concerns."""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in name.split()) or "*"
