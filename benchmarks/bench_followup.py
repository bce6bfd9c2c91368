"""The follow-up worker at scale: one tick's due work among 1,000,000 open events.

Run: `python benchmarks/bench_followup.py` (`make bench-followup`); `--events` and
`--backends` for a quicker look. PostgreSQL is the server of GRIDBOT_BENCH_POSTGRES_URL
(default: postgres@127.0.0.1:5432, database test); a fresh database is made and dropped.

For each database it bulk-inserts open events (SQLite executemany, PostgreSQL COPY): most
due in the next 30 days, ROUNDS x BATCH due now. Then, per round, it times:
- find: the earliest due time (what the worker sleeps until);
- claim: claiming one batch of due events (FOR UPDATE SKIP LOCKED on PostgreSQL) and
  moving their due time, flushed, then rolled back so that the tick finds the same batch;
- tick: the worker's whole pass over that batch (policy, log rows, messages, commit).
Memory: the peak Python allocation during a tick and the process RSS, at 100,000 open
events and again at 1,000,000: a tick reads only the due rows, so neither should grow.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tracemalloc
from datetime import UTC, datetime, time, timedelta
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from event_builder import analyze, database, inserter, rss_mb, timed
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import models  # noqa: F401  (registers every table)
from bot.clock import FrozenClock
from bot.config.settings import FollowupPolicy, FollowupSettings, QuietHoursSettings
from bot.dispatch.enqueue import Enqueuer
from bot.followup.specs import FollowupRules
from bot.followup.worker import FollowupWorker, WorkerOptions
from bot.render import Renderer
from models.crud.event_queries import claim_due_events, next_event_action_at
from models.db import create_engine, sessionmaker
from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.person import Person

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai: no digest is due
BATCH = 100
ROUNDS = 10
GRIDS = 1000
COLUMNS = [
    *("number", "kind", "urgent", "text", "landlord_grid_id", "assignee_id", "state"),
    *("created_at", "acknowledge_due", "resolve_due", "next_action_at"),
    *("reminders_sent", "escalation_level"),
]
POLICY = FollowupPolicy(
    acknowledge=timedelta(hours=1),
    resolve=timedelta(hours=24),
    reminder_interval=timedelta(hours=1),
    escalate_after=2,
    urgent=False,
    working_time=False,
)
FOLLOWUP = FollowupSettings(
    default=POLICY,
    urgent=POLICY,
    kinds={},
    quiet_hours=QuietHoursSettings(start=time(0), end=time(0)),  # none: every round sends
    confirmation_timeout=timedelta(hours=48),
    duplicate_window=timedelta(hours=2),
)


def event_rows(start: int, stop: int, grids: list[tuple[int, int]]) -> list[tuple[Any, ...]]:
    """Open events; the first ROUNDS x BATCH of all are due one round after another."""
    rng = random.Random(start)
    rows = []
    for n in range(start, stop):
        grid_id, leader_id = grids[n % len(grids)]
        if n < ROUNDS * BATCH:
            due = NOW + timedelta(minutes=n // BATCH)
        else:
            due = NOW + timedelta(hours=1 + rng.random() * 24 * 30)
        created = due - timedelta(hours=1)
        rows.append(
            (f"B-{n:07d}", "leak", False, "10幢301漏水", grid_id, leader_id, "assigned",
             created, due, created + timedelta(hours=24), due, 0, 0)
        )  # fmt: skip
    return rows


async def make_grids(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[int, int]]:
    async with sessions() as session, session.begin():
        community = Community(code="bench", name="压测社区")
        session.add(community)
        await session.flush()
        grid = Grid(code="g", community_id=community.id or 0, name="网格")
        session.add(grid)
        await session.flush()
        micro = MicroGrid(code="m", grid_id=grid.id or 0, name="微网格")
        session.add(micro)
        await session.flush()
        pairs = []
        for n in range(GRIDS):
            leader = Person(name=f"房东{n}", key=f"l{n}", contact_id=f"wx-l{n}")
            session.add(leader)
            await session.flush()
            house = LandlordGrid(
                code=f"lg{n}",
                micro_grid_id=micro.id or 0,
                community_id=community.id or 0,
                name=f"{n}幢",
                leader_id=leader.id or 0,
            )
            session.add(house)
            await session.flush()
            pairs.append((house.id or 0, leader.id or 0))
        return pairs


async def measure(
    sessions: async_sessionmaker[AsyncSession], rounds: range, label: str
) -> dict[str, float]:
    """Time find / claim / tick over `rounds` (each round: one batch newly due)."""
    clock = FrozenClock(NOW)
    rules = FollowupRules.from_settings(FOLLOWUP, tz=ZoneInfo("Asia/Shanghai"))
    worker = FollowupWorker(
        sessions=sessions,
        clock=clock,
        rules=rules,
        mailer=Enqueuer(Renderer()),
        options=WorkerOptions(batch=BATCH),
    )
    finds, claims, ticks, peaks = [], [], [], []
    for r in rounds:
        clock.set(NOW + timedelta(minutes=r))

        async def find() -> None:
            async with sessions() as session:
                await next_event_action_at(session)

        async def claim() -> None:
            async with sessions() as session, session.begin():
                events = await claim_due_events(session, now=clock.now(), limit=BATCH)
                assert len(events) == BATCH, len(events)
                for event in events:  # claimed, then released unchanged by the rollback
                    event.next_action_at = clock.now() + timedelta(days=365)
                    session.add(event)
                await session.flush()
                await session.rollback()

        finds.append(await timed(find))
        claims.append(await timed(claim))
        if r == rounds[-1]:  # tracing slows Python down: the last round measures memory only
            tracemalloc.start()
            await worker.tick()
            peaks.append(tracemalloc.get_traced_memory()[1] / 1024 / 1024)
            tracemalloc.stop()
        else:
            ticks.append(await timed(worker.tick))
        assert worker.last.acted == BATCH, worker.last
    figures = {
        "find_ms": statistics.median(finds),
        "claim_ms": statistics.median(claims),
        "claim_max_ms": max(claims),
        "tick_ms": statistics.median(ticks),
        "tick_peak_mb": max(peaks),
        "rss_mb": rss_mb(),
    }
    print(
        f"  {label}: find {figures['find_ms']:.1f} ms, claim {BATCH} "
        f"{figures['claim_ms']:.1f} ms (max {figures['claim_max_ms']:.1f}), whole tick "
        f"{figures['tick_ms']:.0f} ms ({figures['tick_ms'] / BATCH:.2f} ms/event), tick peak "
        f"alloc {figures['tick_peak_mb']:.1f} MB, RSS {figures['rss_mb']:.0f} MB",
        flush=True,
    )
    return figures


async def bench(backend: str, total: int, small: int) -> None:
    print(f"{backend}:", flush=True)
    async with database(backend) as url:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.create_all)
        sessions = sessionmaker(engine)
        grids = await make_grids(sessions)
        insert = inserter(url)
        half = ROUNDS // 2
        loaded = 0
        for size, rounds in ((small, range(0, half)), (total, range(half, ROUNDS))):
            started = perf_counter()
            for chunk in range(loaded, size, 100_000):
                await insert("event", COLUMNS, event_rows(chunk, min(size, chunk + 100_000), grids))
            if backend == "postgres":  # fresh planner statistics, as before the refactor
                await analyze(url)
            print(f"  inserted {size - loaded:,} events in {perf_counter() - started:.1f} s")
            loaded = size
            await engine.dispose()  # fresh connections see the new statistics
            await measure(sessions, rounds, f"{size:,} open events")
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        asyncio.run(bench(backend, args.events, args.small))


if __name__ == "__main__":
    main()
