"""Quiet hours: the part of the night when no non-urgent message is sent.

The window is local wall-clock time in the community's zone and may span midnight
(22:00-07:30, the default). Start is inside the window, end is outside; equal start and
end mean no quiet hours at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from bot.followup.calendar import Window, add_counted_time

DEFAULT_START = time(22, 0)
DEFAULT_END = time(7, 30)


@dataclass(frozen=True)
class QuietHours:
    tz: tzinfo
    start: time = DEFAULT_START
    end: time = DEFAULT_END

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("quiet hours are local wall-clock times: give them without a zone")

    def contains(self, moment: datetime) -> bool:
        local = _local(moment, self.tz).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_send_time(self, moment: datetime) -> datetime:
        """`moment` itself outside quiet hours, else the end of the quiet hours it is in."""
        if not self.contains(moment):
            return moment
        local = _local(moment, self.tz)
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=self.tz).astimezone(moment.tzinfo)

    def awake(self, day: date) -> list[Window]:
        """The stretches of local `day` outside the quiet hours, in order."""
        midnight = datetime.combine(day, time(0), tzinfo=self.tz)
        next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz)
        if self.start == self.end:
            return [(midnight, next_midnight)]
        start = datetime.combine(day, self.start, tzinfo=self.tz)
        end = datetime.combine(day, self.end, tzinfo=self.tz)
        if self.start > self.end:  # 22:00-07:30: the day is awake from 07:30 to 22:00
            return [(end, start)]
        return [w for w in ((midnight, start), (end, next_midnight)) if w[0] < w[1]]

    def add_outside(self, start: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of time outside the quiet hours has passed since `start`:
        2 hours from 21:00, with quiet hours 22:00-07:30, end at 08:30 the next morning."""
        return add_counted_time(start, duration, tz=self.tz, windows=self.awake)


def in_quiet_hours(
    moment: datetime, *, tz: tzinfo, start: time = DEFAULT_START, end: time = DEFAULT_END
) -> bool:
    return QuietHours(tz, start, end).contains(moment)


def next_send_time(
    moment: datetime, *, tz: tzinfo, start: time = DEFAULT_START, end: time = DEFAULT_END
) -> datetime:
    return QuietHours(tz, start, end).next_send_time(moment)


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {moment.isoformat()}")
    return moment.astimezone(tz)
