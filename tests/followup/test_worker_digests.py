"""The morning digest to each leader, the Monday one to micro-grid workers: once each."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.dispatch.outbound import Outbound, ToPerson
from models.event import Event
from models.messaging import Outbox
from tests.followup.conftest import Grid, followups, local, new_event, new_worker

FRIDAY = local(2026, 11, 20, 10, 0)
MONDAY_7 = local(2026, 11, 23, 7, 0)
MONDAY_8 = local(2026, 11, 23, 8, 0)


async def digests(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    rows = await followups(sessions, prefix="digest_")
    return [(str(row.dedupe_key).split(":")[0], row.chat_id) for row in rows]


async def test_monday_morning_brings_both_digests_once(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    await new_event(sessions, grid, FRIDAY)
    await new_event(sessions, grid, FRIDAY)
    clock = FrozenClock(MONDAY_7)
    worker = new_worker(sessions, clock)
    assert await worker.tick() <= MONDAY_8
    assert await digests(sessions) == []

    clock.set(MONDAY_8)
    await worker.tick()
    assert await digests(sessions) == [
        ("digest_leader", "wx-leader"),
        ("digest_worker", "wx-micro"),
    ]
    leader, micro = await followups(sessions, prefix="digest_")
    assert "待办事件 2 件" in leader.text and "逾期 2 件" in leader.text
    assert leader.text.count("#2026-") == 2
    assert "待办 2" in micro.text

    clock.set(local(2026, 11, 23, 9, 0))  # a restart later that morning sends nothing again
    await new_worker(sessions, clock).tick()
    assert len(await digests(sessions)) == 2


async def test_other_mornings_only_the_leaders_get_one(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    await new_event(sessions, grid, FRIDAY)
    clock = FrozenClock(local(2026, 11, 24, 8, 0))  # Tuesday
    await new_worker(sessions, clock).tick()
    assert await digests(sessions) == [("digest_leader", "wx-leader")]


async def test_a_leader_with_nothing_open_gets_no_digest(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, FRIDAY)
    async with sessions() as session, session.begin():
        event = await session.get_one(Event, event_id)
        event.assignee_id = grid.staff.id
    clock = FrozenClock(local(2026, 11, 24, 8, 0))
    await new_worker(sessions, clock).tick()
    assert await digests(sessions) == [("digest_leader", "wx-staff")]


async def test_a_process_started_in_the_afternoon_waits_for_tomorrow(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    await new_event(sessions, grid, FRIDAY)
    clock = FrozenClock(local(2026, 11, 24, 14, 0))
    worker = new_worker(sessions, clock)
    await worker.tick()
    assert await digests(sessions) == []


async def test_a_tick_hook_queues_what_it_returns(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    calls: list[datetime] = []

    async def hook(session: AsyncSession, now: datetime) -> Sequence[Outbound]:
        calls.append(now)
        return [
            Outbound(
                "auto_closed", ToPerson("wx-staff", "zh"), {"event": _view(), "to_group": False}
            )
        ]

    clock = FrozenClock(local(2026, 11, 24, 14, 0))
    await new_worker(sessions, clock, hooks=[hook]).tick()
    assert calls == [clock.now()]
    async with sessions() as session:
        rows = (await session.exec(select(Outbox))).all()
    assert [row.chat_id for row in rows] == ["wx-staff"]


async def test_wake_makes_a_sleeping_worker_look_at_once(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    queued = asyncio.Event()
    clock = FrozenClock(local(2026, 11, 25, 11, 0))
    worker = new_worker(sessions, clock, on_enqueued=queued.set)
    await worker.start()
    try:
        await worker.idle.wait()  # its first pass found nothing: it sleeps until 08:00
        await new_event(sessions, grid, local(2026, 11, 25, 10, 0))  # due 11:00: now
        worker.wake()
        await asyncio.wait_for(queued.wait(), timeout=30)  # a guard, not a measurement
    finally:
        await worker.stop()
    assert [row.chat_id for row in await followups(sessions)] == ["wx-leader"]
    assert worker.passes == 2


async def test_a_worker_stops_even_when_woken_as_it_is_cancelled(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    """On 3.11 asyncio.wait_for lets a cancel be swallowed when its wait ends at the same
    moment; the worker would go on, and the app's stop() would wait for it forever."""
    worker = new_worker(sessions, FrozenClock(local(2026, 11, 25, 11, 0)))
    await worker.start()
    await worker.idle.wait()
    task = worker._loop.task
    assert task is not None
    worker.wake()  # the same moment: the wake-up is done when the cancel is seen
    task.cancel()
    await asyncio.wait({task}, timeout=10)  # a guard, not a measurement
    assert task.cancelled()
    await worker.stop()


def _view() -> dict[str, object]:
    return {"number": "2026-0001", "kind": "leak"}
