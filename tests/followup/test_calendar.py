import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.followup.calendar import (
    CHINA,
    WorkingCalendar,
    add_working_time,
    is_working_day,
    working_time_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE_HOURS = (time(8, 30), time(17, 30))


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_national_day_week_2026_is_off_and_its_adjusted_days_are_on() -> None:
    assert all(not is_working_day(date(2026, 10, day)) for day in range(1, 8))
    assert is_working_day(date(2026, 9, 20))  # a Sunday worked for the holiday
    assert is_working_day(date(2026, 10, 10))  # a Saturday worked for the holiday
    assert is_working_day(date(2026, 10, 9))


def test_an_ordinary_weekend_is_off() -> None:
    assert not is_working_day(date(2026, 11, 14))
    assert not is_working_day(date(2026, 11, 15))
    assert is_working_day(date(2026, 11, 16))


def test_24_hours_before_national_day_resume_after_the_holiday_week() -> None:
    due = add_working_time(local(2026, 9, 30, 10), timedelta(hours=24), tz=SHANGHAI)
    assert due == local(2026, 10, 8, 10)


def test_an_adjusted_saturday_counts_as_working_time() -> None:
    due = add_working_time(local(2026, 10, 9, 20), timedelta(hours=24), tz=SHANGHAI)
    assert due == local(2026, 10, 10, 20)


def test_an_ordinary_weekend_is_skipped_entirely() -> None:
    due = add_working_time(local(2026, 11, 13, 20), timedelta(hours=24), tz=SHANGHAI)
    assert due == local(2026, 11, 16, 20)


def test_time_set_on_a_weekend_starts_counting_on_monday() -> None:
    due = add_working_time(local(2026, 11, 14, 15), timedelta(hours=1), tz=SHANGHAI)
    assert due == local(2026, 11, 16, 1)


def test_office_hours_count_only_inside_the_working_day() -> None:
    start = local(2026, 11, 13, 16, 30)  # a Friday, one office hour left
    due = add_working_time(start, timedelta(hours=3), tz=SHANGHAI, workday_hours=OFFICE_HOURS)
    assert due == local(2026, 11, 16, 10, 30)


def test_office_hours_before_opening_start_at_opening() -> None:
    start = local(2026, 11, 16, 6)
    due = add_working_time(start, timedelta(hours=1), tz=SHANGHAI, workday_hours=OFFICE_HOURS)
    assert due == local(2026, 11, 16, 9, 30)


def test_the_result_keeps_the_start_zone() -> None:
    start = local(2026, 11, 13, 20).astimezone(UTC)
    due = add_working_time(start, timedelta(hours=24), tz=SHANGHAI)
    assert due.tzinfo is UTC
    assert due == local(2026, 11, 16, 20)


def test_zero_duration_is_the_start_itself() -> None:
    start = local(2026, 11, 14, 12)
    assert add_working_time(start, timedelta(0), tz=SHANGHAI) == start


@pytest.mark.parametrize(
    ("start", "duration", "hours", "message"),
    [
        (datetime(2026, 11, 16, 9), timedelta(hours=1), None, "timezone-aware"),
        (local(2026, 11, 16, 9), timedelta(hours=-1), None, "negative"),
        (local(2026, 11, 16, 9), timedelta(hours=1), (time(18), time(9)), "start before"),
    ],
)
def test_bad_arguments_are_refused_clearly(
    start: datetime, duration: timedelta, hours: tuple[time, time] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        add_working_time(start, duration, tz=SHANGHAI, workday_hours=hours)


def test_a_calendar_with_no_working_day_is_an_error_not_a_hang() -> None:
    year = [date(2026, 1, 1) + timedelta(days=n) for n in range(800)]
    closed = WorkingCalendar(holidays=year, workdays=(), known_years=range(2026, 2029))
    with pytest.raises(ValueError, match="no working day"):
        add_working_time(local(2026, 1, 1), timedelta(hours=1), tz=SHANGHAI, calendar=closed)


def test_years_beyond_the_data_fall_back_to_monday_to_friday_and_warn_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar = WorkingCalendar(holidays=(), workdays=(), known_years=[2026])
    with caplog.at_level(logging.WARNING, logger="bot.followup.calendar"):
        days = [date(2030, 1, 1) + timedelta(days=n) for n in range(14)]
        working = [calendar.is_working_day(day) for day in days]
    assert working == [day.weekday() < 5 for day in days]
    assert [record.getMessage()[:20] for record in caplog.records] == ["no holiday data for "]
    assert "2030" in caplog.records[0].getMessage()


def test_the_package_calendar_knows_2026() -> None:
    assert CHINA.knows(2026)


def test_configured_days_extend_the_calendar_to_an_unpublished_year() -> None:
    spring_festival = [date(2027, 2, day) for day in range(5, 12)]
    calendar = WorkingCalendar.china(
        extra_holidays=spring_festival, extra_workdays=[date(2027, 2, 20)]
    )
    assert calendar.knows(2027)
    assert not calendar.is_working_day(date(2027, 2, 8))  # a Monday
    assert calendar.is_working_day(date(2027, 2, 20))  # a Saturday
    due = add_working_time(
        local(2027, 2, 4, 12), timedelta(hours=24), tz=SHANGHAI, calendar=calendar
    )
    assert due == local(2027, 2, 12, 12)


def test_a_day_cannot_be_both_holiday_and_working_day() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar.china(extra_holidays=[date(2027, 1, 1)], extra_workdays=[date(2027, 1, 1)])


@pytest.mark.skipif(not CHINA.knows(2027), reason="this chinesecalendar has no 2027 data yet")
def test_spring_festival_2027_from_the_package() -> None:
    # Lunar new year's day is Saturday 2027-02-06; the eve and the first days are off.
    assert not is_working_day(date(2027, 2, 5))
    assert not is_working_day(date(2027, 2, 8))


moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20), timezones=st.just(SHANGHAI)
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10))
hours = st.sampled_from([None, OFFICE_HOURS])


@settings(deadline=None)
@given(moments, durations, hours)
def test_adding_working_time_adds_exactly_that_much_working_time(
    start: datetime, duration: timedelta, workday_hours: tuple[time, time] | None
) -> None:
    due = add_working_time(start, duration, tz=SHANGHAI, workday_hours=workday_hours)
    assert due - start >= duration
    counted = working_time_between(start, due, tz=SHANGHAI, workday_hours=workday_hours)
    assert counted == duration


@settings(deadline=None)
@given(moments, durations)
def test_a_deadline_never_lands_inside_a_day_off(start: datetime, duration: timedelta) -> None:
    due = add_working_time(start, duration, tz=SHANGHAI)
    if due != start:
        # The end of a working day is midnight, the first moment of the next day.
        assert is_working_day((due - timedelta(microseconds=1)).astimezone(SHANGHAI).date())
