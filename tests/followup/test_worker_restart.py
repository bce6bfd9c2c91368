"""Idempotency: a restart loses nothing and sends nothing twice; two workers, one database."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.dispatch.enqueue import Enqueuer
from bot.followup.claim import RETRY_FAILED_EVENT
from bot.followup.digest_plan import DigestPlan
from bot.followup.history import REMIND
from bot.followup.worker import FollowupWorker
from bot.render import TEMPLATES_DIR, Renderer
from models.db import create_engine, sessionmaker
from tests.followup.conftest import (
    OPTIONS,
    RULES,
    SHANGHAI,
    Grid,
    followups,
    load,
    local,
    log_of,
    new_event,
    new_worker,
)

CREATED = local(2026, 11, 25, 10, 0)
FIRST_REMINDER = local(2026, 11, 25, 11, 0)


async def test_a_restarted_worker_sends_nothing_twice(
    db_url: str, sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, CREATED)
    clock = FrozenClock(FIRST_REMINDER)
    await new_worker(sessions, clock).tick()
    assert len(await followups(sessions)) == 1

    restarted = create_engine(db_url)  # a new process: its own engine and worker
    try:
        again = new_worker(sessionmaker(restarted), clock)
        await again.tick()
        assert len(await followups(sessions)) == 1
        clock.set(local(2026, 11, 25, 12, 0))
        await again.tick()
        await again.tick()
    finally:
        await restarted.dispose()
    assert [row.chat_id for row in await followups(sessions)] == ["wx-leader", "wx-leader"]
    assert [row.action for row in await log_of(sessions, event_id)].count(REMIND) == 2


async def test_a_step_that_fails_leaves_nothing_half_done_and_is_tried_again(
    sessions: async_sessionmaker[AsyncSession], grid: Grid, tmp_path: Path
) -> None:
    broken = tmp_path / "templates"
    (broken / "zh").mkdir(parents=True)
    (broken / "zh" / "reminder.j2").write_text("{{ no_such_value }}", encoding="utf-8")
    event_id = await new_event(sessions, grid, CREATED)
    clock = FrozenClock(FIRST_REMINDER)
    failing = FollowupWorker(
        sessions=sessions,
        clock=clock,
        rules=RULES,
        mailer=Enqueuer(Renderer(broken, TEMPLATES_DIR)),
        digests=DigestPlan(SHANGHAI),
        options=OPTIONS,
    )
    await failing.tick()
    assert await followups(sessions) == []
    assert [row.action for row in await log_of(sessions, event_id)] == ["report", "assign"]
    event = await load(sessions, event_id)
    assert event.reminders_sent == 0
    assert event.next_action_at == FIRST_REMINDER + RETRY_FAILED_EVENT

    clock.set(FIRST_REMINDER + RETRY_FAILED_EVENT)
    await new_worker(sessions, clock).tick()
    assert [row.chat_id for row in await followups(sessions)] == ["wx-leader"]


async def test_one_failing_event_in_a_batch_does_not_hold_up_the_others(
    sessions: async_sessionmaker[AsyncSession], grid: Grid, tmp_path: Path
) -> None:
    """The batch fails as a whole at first; done again event by event, only the one that
    fails is set aside."""
    first = await new_event(sessions, grid, CREATED)
    second = await new_event(sessions, grid, CREATED)
    broken = tmp_path / "templates"
    (broken / "zh").mkdir(parents=True)
    failing_number = (await load(sessions, first)).number
    (broken / "zh" / "reminder.j2").write_text(
        f'{{% if event.number == "{failing_number}" %}}{{{{ no_such_value }}}}{{% endif %}}提醒',
        encoding="utf-8",
    )
    clock = FrozenClock(FIRST_REMINDER)
    worker = FollowupWorker(
        sessions=sessions,
        clock=clock,
        rules=RULES,
        mailer=Enqueuer(Renderer(broken, TEMPLATES_DIR)),
        digests=DigestPlan(SHANGHAI),
        options=OPTIONS,
    )

    await worker.tick()

    assert [row.text for row in await followups(sessions)] == ["提醒"]
    assert [row.action for row in await log_of(sessions, second)].count(REMIND) == 1
    assert [row.action for row in await log_of(sessions, first)].count(REMIND) == 0
    assert (await load(sessions, first)).next_action_at == FIRST_REMINDER + RETRY_FAILED_EVENT


@pytest.mark.postgres
async def test_two_workers_on_one_postgresql_database_send_each_reminder_once(
    db_url: str, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer: one bot process per SQLite database")
    event_ids = [await new_event(sessions, grid, CREATED) for _ in range(60)]
    engines = [create_engine(db_url), create_engine(db_url)]
    try:
        clock = FrozenClock(FIRST_REMINDER)
        workers = [new_worker(sessionmaker(e), clock) for e in engines]  # batch of 10 each
        for moment in (FIRST_REMINDER, local(2026, 11, 25, 12, 0), local(2026, 11, 25, 13, 0)):
            clock.set(moment)
            await asyncio.gather(*(worker.tick() for worker in workers))
        claimed = [worker.last.claimed for worker in workers]
    finally:
        for e in engines:
            await e.dispose()

    sent = await followups(sessions)
    per_recipient = Counter(row.chat_id for row in sent)
    assert per_recipient == {"wx-leader": 120, "wx-micro": 60}  # 2 reminders, 1 escalation each
    assert len({row.dedupe_key for row in sent}) == len(sent)
    for event_id in event_ids:
        actions = [row.action for row in await log_of(sessions, event_id)]
        assert actions == ["report", "assign", "remind", "remind", "escalate"]
    assert sum(claimed) == 60
