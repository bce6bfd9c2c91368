"""Working days on the Chinese calendar, and deadlines that count only working time.

Public holidays and adjusted working days (调休) come from the `chinesecalendar` package,
which knows the years up to its release (the State Council announces the next year's
schedule each November). For a later year the calendar falls back to Monday-Friday working
days and logs one warning per year: a deadline is never refused, at worst it falls on a
holiday nobody has published yet. Announced days can be added with `extra_holidays` and
`extra_workdays`; a year with added days counts as known.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import chinese_calendar  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

WorkdayHours = tuple[time, time]
# A calendar whose every day is off is a configuration error, not a reason to loop forever.
_MAX_DAYS_OFF = 366


class WorkingCalendar:
    def __init__(
        self,
        *,
        holidays: Iterable[date],
        workdays: Iterable[date],
        known_years: Iterable[int],
    ) -> None:
        self._holidays = frozenset(holidays)
        self._workdays = frozenset(workdays)
        self._known_years = frozenset(known_years)
        self._warned: set[int] = set()

    @classmethod
    def china(
        cls, *, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()
    ) -> WorkingCalendar:
        holidays: set[date] = set(chinese_calendar.holidays)
        workdays: set[date] = set(chinese_calendar.workdays)
        years = set(range(min(holidays).year, max(holidays).year + 1))
        added_holidays, added_workdays = set(extra_holidays), set(extra_workdays)
        both = added_holidays & added_workdays
        if both:
            raise ValueError(f"{min(both)} is given both as a holiday and as a working day")
        years |= {d.year for d in added_holidays | added_workdays}
        return cls(
            holidays=(holidays - added_workdays) | added_holidays,
            workdays=(workdays - added_holidays) | added_workdays,
            known_years=years,
        )

    def knows(self, year: int) -> bool:
        return year in self._known_years

    def is_working_day(self, day: date) -> bool:
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        if day.year not in self._known_years and day.year not in self._warned:
            self._warned.add(day.year)
            log.warning(
                "no holiday data for %d: counting Monday-Friday as working days "
                "(upgrade chinesecalendar or configure the year's holidays)",
                day.year,
            )
        return day.weekday() < 5


CHINA = WorkingCalendar.china()


def is_working_day(day: date, *, calendar: WorkingCalendar = CHINA) -> bool:
    return calendar.is_working_day(day)


Window = tuple[datetime, datetime]  # [begin, end) of a stretch whose time counts
DayWindows = Callable[[date], Sequence[Window]]  # a local day's windows, in order


def add_working_time(
    start: datetime,
    duration: timedelta,
    *,
    tz: tzinfo,
    workday_hours: WorkdayHours | None = None,
    calendar: WorkingCalendar = CHINA,
) -> datetime:
    """The earliest moment by which `duration` of working time has passed since `start`.

    Working time is elapsed time on working days in the zone `tz`; the clock stops on
    holidays and weekends that are not adjusted working days. So a 24-hour deadline set
    on Friday at 10:00 falls on Monday at 10:00, and one set on a Saturday falls at the
    end of the next working day. With `workday_hours` (e.g. 08:30-17:30) the clock only
    runs inside those hours of each working day. The result keeps `start`'s time zone.
    """
    _check_hours(workday_hours)
    return add_counted_time(
        start, duration, tz=tz, windows=working_windows(tz, workday_hours, calendar)
    )


def working_time_between(
    start: datetime,
    end: datetime,
    *,
    tz: tzinfo,
    workday_hours: WorkdayHours | None = None,
    calendar: WorkingCalendar = CHINA,
) -> timedelta:
    """How much working time (as `add_working_time` counts it) lies between two moments."""
    _check_hours(workday_hours)
    return counted_time_between(
        start, end, tz=tz, windows=working_windows(tz, workday_hours, calendar)
    )


def add_counted_time(
    start: datetime, duration: timedelta, *, tz: tzinfo, windows: DayWindows
) -> datetime:
    """The earliest moment by which `duration` of counted time has passed since `start`:
    time counts only inside each local day's `windows` (days in the zone `tz`). The result
    keeps `start`'s time zone."""
    _require_aware(start)
    if duration < timedelta(0):
        raise ValueError(f"a working-time duration cannot be negative: {duration}")
    if duration == timedelta(0):
        return start
    remaining = duration
    day = start.astimezone(tz).date()
    days_off = 0
    while days_off <= _MAX_DAYS_OFF:
        today = windows(day)
        day += timedelta(days=1)
        if not today:
            days_off += 1
            continue
        days_off = 0
        for window_begin, window_end in today:
            if window_end <= start:
                continue
            begin = max(window_begin, start)
            available = _elapsed(begin, window_end)
            if remaining <= available:
                return (begin.astimezone(UTC) + remaining).astimezone(start.tzinfo)
            remaining -= available
    raise ValueError(f"no working day within {_MAX_DAYS_OFF} days after {day}")


def counted_time_between(
    start: datetime, end: datetime, *, tz: tzinfo, windows: DayWindows
) -> timedelta:
    """How much counted time (as `add_counted_time` counts it) lies between two moments."""
    _require_aware(start)
    _require_aware(end)
    if end < start:
        raise ValueError(f"the end {end} is before the start {start}")
    total = timedelta(0)
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        for window_begin, window_end in windows(day):
            begin, finish = max(window_begin, start), min(window_end, end)
            total += max(_elapsed(begin, finish), timedelta(0))
        day += timedelta(days=1)
    return total


def working_windows(
    tz: tzinfo, hours: WorkdayHours | None, calendar: WorkingCalendar
) -> DayWindows:
    """A working day's window: the whole day, or its `hours`; none on a day off."""

    def windows(day: date) -> list[Window]:
        if not calendar.is_working_day(day):
            return []
        if hours is None:
            return [(_at(day, time(0), tz), _at(day + timedelta(days=1), time(0), tz))]
        return [(_at(day, hours[0], tz), _at(day, hours[1], tz))]

    return windows


def overlap(first: Sequence[Window], second: Sequence[Window]) -> list[Window]:
    """The stretches inside both lists of windows (each in order, none overlapping)."""
    both = ((max(a[0], b[0]), min(a[1], b[1])) for a in first for b in second)
    return sorted(window for window in both if window[0] < window[1])


def _check_hours(hours: WorkdayHours | None) -> None:
    if hours is not None and hours[0] >= hours[1]:
        raise ValueError(f"working hours must start before they end: {hours[0]}-{hours[1]}")


def _at(day: date, moment: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=tz)


def _elapsed(begin: datetime, end: datetime) -> timedelta:
    # Aware datetimes sharing a tzinfo subtract as wall-clock times; UTC gives real time.
    return end.astimezone(UTC) - begin.astimezone(UTC)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {moment.isoformat()}")
