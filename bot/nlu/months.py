"""Month arithmetic the Chinese and English date rules share."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(year: int, month: int, ahead: int) -> tuple[int, int]:
    """The (year, month) `ahead` months on from (year, month); negative goes back."""
    index = year * 12 + month - 1 + ahead
    return index // 12, index % 12 + 1


def days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_end(value: date) -> date:
    """The last day of `value`'s month."""
    return value.replace(day=days_in(value.year, value.month))
