"""The period a dashboard or a scorecard covers: local calendar days, turned into UTC moments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_DAYS = 30  # as `gridbot report` without --since


@dataclass(frozen=True, slots=True)
class Period:
    first: date  # local days, both included
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a period ends on or after it starts: {self.first} to {self.last}")

    def since(self, tz: ZoneInfo) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=tz)

    def until(self, tz: ZoneInfo) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=tz)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def default_period(today: date) -> Period:
    return Period(today - timedelta(days=DEFAULT_DAYS), today)


def month_period(month: str) -> Period:
    """'2026-11' → 1 to 30 November 2026; ValueError for anything else."""
    year_text, dash, month_text = month.partition("-")
    if not dash or len(year_text) != 4 or len(month_text) != 2:
        raise ValueError(f"not a month (YYYY-MM): {month!r}")
    first = date(int(year_text), int(month_text), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1))


def parse_period(first: str | None, last: str | None, today: date) -> Period:
    """From the dashboard's form: missing ends default; a bad date raises ValueError."""
    default = default_period(today)
    start = date.fromisoformat(first) if first else default.first
    end = date.fromisoformat(last) if last else max(default.last, start)
    return Period(start, end)
