from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.followup.quiet import QuietHours, in_quiet_hours, next_send_time

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = QuietHours(SHANGHAI)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (local(2026, 11, 25, 21, 59), False),
        (local(2026, 11, 25, 22, 0), True),
        (local(2026, 11, 25, 23, 59), True),
        (local(2026, 11, 26, 0, 0), True),
        (local(2026, 11, 26, 7, 29), True),
        (local(2026, 11, 26, 7, 30), False),
        (local(2026, 11, 26, 12, 0), False),
    ],
)
def test_default_quiet_hours_span_midnight(moment: datetime, quiet: bool) -> None:
    assert in_quiet_hours(moment, tz=SHANGHAI) is quiet


def test_a_utc_moment_is_judged_by_local_time() -> None:
    # 15:00 UTC is 23:00 in Shanghai.
    assert in_quiet_hours(datetime(2026, 11, 25, 15, tzinfo=UTC), tz=SHANGHAI)
    assert not in_quiet_hours(datetime(2026, 11, 25, 3, tzinfo=UTC), tz=SHANGHAI)


def test_late_evening_waits_for_tomorrow_morning() -> None:
    assert next_send_time(local(2026, 11, 25, 23), tz=SHANGHAI) == local(2026, 11, 26, 7, 30)


def test_after_midnight_waits_for_the_same_morning() -> None:
    assert next_send_time(local(2026, 11, 26, 3), tz=SHANGHAI) == local(2026, 11, 26, 7, 30)


def test_outside_quiet_hours_the_moment_itself() -> None:
    moment = local(2026, 11, 26, 9, 15)
    assert next_send_time(moment, tz=SHANGHAI) == moment


def test_the_result_keeps_the_moment_zone() -> None:
    sent = next_send_time(datetime(2026, 11, 25, 15, tzinfo=UTC), tz=SHANGHAI)
    assert sent == datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert sent.tzinfo is UTC


def test_a_window_within_one_day() -> None:
    siesta = QuietHours(SHANGHAI, start=time(12), end=time(14))
    assert siesta.contains(local(2026, 11, 25, 13))
    assert not siesta.contains(local(2026, 11, 25, 23))
    assert siesta.next_send_time(local(2026, 11, 25, 12, 5)) == local(2026, 11, 25, 14)


def test_equal_start_and_end_means_never_quiet() -> None:
    never = QuietHours(SHANGHAI, start=time(0), end=time(0))
    assert not never.contains(local(2026, 11, 25, 0))


def test_naive_moments_and_zoned_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        NIGHT.contains(datetime(2026, 11, 25, 23))
    with pytest.raises(ValueError, match="without a zone"):
        QuietHours(SHANGHAI, start=time(22, tzinfo=UTC))


clock_times = st.times().filter(lambda t: t.second == 0 and t.microsecond == 0)


@settings(deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
    ),
    clock_times,
    clock_times,
)
def test_the_next_send_time_is_never_quiet_and_never_early(
    moment: datetime, start: time, end: time
) -> None:
    quiet = QuietHours(SHANGHAI, start=start, end=end)
    sent = quiet.next_send_time(moment)
    assert not quiet.contains(sent)
    assert moment <= sent < moment + timedelta(days=1)
    if sent > moment:  # the whole wait lies inside the quiet hours
        assert all(quiet.contains(moment + (sent - moment) * k / 10) for k in range(10))
