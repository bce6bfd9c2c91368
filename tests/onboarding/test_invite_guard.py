"""The invite-code throttle on its own, on both databases: how many wrong codes, in what
window, for how long, per sender."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.onboarding.invite_guard import InviteGuard

NOW = datetime(2026, 11, 25, 2, tzinfo=UTC)
guard = InviteGuard()


async def test_the_fifth_wrong_code_in_a_quarter_hour_starts_a_half_hour_pause(
    session: AsyncSession,
) -> None:
    told = [await guard.failed(session, "a", NOW + timedelta(minutes=n)) for n in range(5)]
    assert told == [False, False, False, False, True]
    assert await guard.paused(session, "a", NOW + timedelta(minutes=33))
    assert not await guard.paused(session, "a", NOW + timedelta(minutes=34))  # 30 min later
    assert not await guard.paused(session, "b", NOW)  # per sender
    # After the pause the count starts again: four more are answered plainly.
    later = NOW + timedelta(minutes=35)
    assert not any([await guard.failed(session, "a", later) for _ in range(4)])
    assert await guard.failed(session, "a", later)


async def test_wrong_codes_far_apart_never_pause(session: AsyncSession) -> None:
    for n in range(20):
        assert not await guard.failed(session, "a", NOW + timedelta(minutes=4 * n))
    assert not await guard.paused(session, "a", NOW + timedelta(minutes=80))


async def test_a_right_code_forgets_the_wrong_ones(session: AsyncSession) -> None:
    for n in range(4):
        await guard.failed(session, "a", NOW + timedelta(seconds=n))
    await guard.forget(session, "a")
    assert not await guard.failed(session, "a", NOW + timedelta(seconds=5))
    assert not await guard.failed(session, "b", NOW)
