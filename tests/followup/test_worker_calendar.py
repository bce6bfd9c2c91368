"""Working time on the Chinese calendar: no non-urgent reminder falls due on a holiday."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from tests.followup.conftest import Grid, followups, local, new_event, new_worker, run_until


async def test_national_day_stops_the_clock_of_a_non_urgent_event(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    created = local(2026, 9, 30, 23, 30)  # the eve of the 1-7 October holidays
    await new_event(sessions, grid, created)  # one working hour to acknowledge
    clock = FrozenClock(created)
    worker = new_worker(sessions, clock)
    await run_until(worker, clock, local(2026, 10, 8, 7, 29))
    assert await followups(sessions) == []
    # Made in the quiet hours before the holidays: the hour counts from 07:30 on the 8th,
    # the first working day, and is over at 08:30.
    await run_until(worker, clock, local(2026, 10, 8, 12, 0))
    first = (await followups(sessions))[0]
    assert first.created_at == local(2026, 10, 8, 8, 30)


async def test_an_adjusted_working_saturday_counts(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    created = local(2026, 10, 10, 9, 0)  # Saturday, but a working day (调休)
    await new_event(sessions, grid, created)
    clock = FrozenClock(created)
    await run_until(new_worker(sessions, clock), clock, local(2026, 10, 10, 10, 0))
    assert [row.created_at for row in await followups(sessions)] == [local(2026, 10, 10, 10, 0)]


async def test_an_ordinary_weekend_pauses_the_reminders(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    created = local(2026, 11, 27, 20, 0)  # Friday evening
    await new_event(sessions, grid, created)
    clock = FrozenClock(created)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 30, 9, 0))
    sent = [row.created_at for row in await followups(sessions)]
    assert sent == [
        local(2026, 11, 27, 21, 0),  # Friday: the acknowledge deadline is missed
        local(2026, 11, 28, 7, 30),  # due Friday 22:00, as the quiet hours begin: the morning
        # Saturday and Sunday are no working days and the quiet hours count for nothing: the
        # next hour ends on Monday at 08:30, then the escalation.
        local(2026, 11, 30, 8, 30),
    ]
