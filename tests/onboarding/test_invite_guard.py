"""The invite-code throttle on its own: how many wrong codes, in what window, for how long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.onboarding.invite_guard import InviteGuard

NOW = datetime(2026, 11, 25, 2, tzinfo=UTC)


def test_the_fifth_wrong_code_in_a_quarter_hour_starts_a_half_hour_pause() -> None:
    guard = InviteGuard()
    assert [guard.failed("a", NOW + timedelta(minutes=n)) for n in range(5)] == [
        False,
        False,
        False,
        False,
        True,
    ]
    assert guard.paused("a", NOW + timedelta(minutes=33))
    assert not guard.paused("a", NOW + timedelta(minutes=34))  # 30 minutes after the fifth
    assert not guard.paused("b", NOW)  # per sender


def test_wrong_codes_far_apart_never_pause() -> None:
    guard = InviteGuard()
    assert not any(guard.failed("a", NOW + timedelta(minutes=4 * n)) for n in range(20))


def test_a_right_code_forgets_the_wrong_ones() -> None:
    guard = InviteGuard()
    for n in range(4):
        guard.failed("a", NOW + timedelta(seconds=n))
    guard.forget("a")
    assert not guard.failed("a", NOW + timedelta(seconds=5))
