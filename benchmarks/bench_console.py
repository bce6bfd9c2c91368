"""The staff console at scale: 1,000,000 events, one community's dashboard and event list.

Run: `python benchmarks/bench_console.py` (`make bench-console`); `--events` and
`--backends` for a quicker look. PostgreSQL is the server of GRIDBOT_BENCH_POSTGRES_URL
(default: postgres@127.0.0.1:5432, database test); a fresh database is made and dropped.

The street: COMMUNITIES communities of 2 grids x 2 micro-grids x 25 houses (100 houses
each). The events are spread evenly over the EVENT_DAYS days before NOW (so the
dashboard's weeks of last year hold events too), over every house; 1,000,000 events give
each community about 70 a day. Nine in ten are closed (fixed, fixed_unconfirmed, and the
other reasons), the rest wait or are in progress; each has its log rows (report, assign,
acknowledge, resolve, close), about 4.6 per event. Rows go in with the event builder
(benchmarks/event_builder.py: SQLite executemany, PostgreSQL COPY) into a database made by
the migrations, then ANALYZE.

Timed through the real web app (aiohttp test server, a signed-in community staff member,
session check and scope included), each the median of RUNS after one warm-up:
- the dashboard of the last 30 days (target <= 300 ms);
- the event list's first page, a page deep in the list (keyset), and a filtered page
  (kind, overdue) (target <= 100 ms each).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
from datetime import UTC, datetime, timedelta
from time import perf_counter
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from event_builder import analyze, database, inserter, rss_mb, timed
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

import models  # noqa: F401  (registers every table)
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.console.login import issue_login_link
from bot.web.app import create_web_app
from bot.web.console.services import ConsoleServices
from models.db import create_engine, sessionmaker
from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.migrate import upgrade_async
from models.person import Person

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
EVENT_DAYS = 700
COMMUNITIES = 20
HOUSES_PER_MICRO = 25
RUNS = 7
TARGETS = {"dashboard": 300.0, "events": 100.0, "events_deep": 100.0, "events_filtered": 100.0}
EVENT_COLUMNS = [
    *("id", "number", "kind", "urgent", "text", "landlord_grid_id", "assignee_id", "state"),
    *("close_reason", "created_at", "acknowledge_due", "resolve_due", "next_action_at"),
    *("reminders_sent", "escalation_level", "building", "room"),
]
LOG_COLUMNS = ["event_id", "actor_id", "at", "from_state", "to_state", "action"]
KINDS = ["leak", "drain", "noise", "repair", "sanitation", "security", "dispute", "parking"]
CLOSES = ["fixed"] * 6 + ["fixed_unconfirmed"] * 2 + ["no_action", "not_responsible"]
H = timedelta(hours=1)


async def make_street(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[int, int]]:
    """(house id, leader id) of every house; community 0's staff is "staff-0"."""
    houses = []
    async with sessions() as session, session.begin():
        for c in range(COMMUNITIES):
            staff = Person(name=f"社区{c}工作人员", key=f"staff-{c}", roles=["community_staff"])
            session.add(staff)
            await session.flush()
            community = Community(code=f"c{c}", name=f"压测社区{c}", staff_id=staff.id)
            session.add(community)
            await session.flush()
            for g in range(2):
                grid = Grid(code=f"c{c}-g{g}", community_id=community.id or 0, name=f"网格{g}")
                session.add(grid)
                await session.flush()
                for m in range(2):
                    micro = MicroGrid(
                        code=f"c{c}-g{g}-m{m}", grid_id=grid.id or 0, name=f"微网格{m}"
                    )
                    session.add(micro)
                    await session.flush()
                    for h in range(HOUSES_PER_MICRO):
                        code = f"c{c}-g{g}-m{m}-h{h}"
                        leader = Person(name=f"房东{code}", key=f"l-{code}")
                        session.add(leader)
                        await session.flush()
                        house = LandlordGrid(
                            code=code,
                            micro_grid_id=micro.id or 0,
                            community_id=community.id or 0,
                            name=f"{h}号",
                            leader_id=leader.id or 0,
                        )
                        session.add(house)
                        await session.flush()
                        houses.append((house.id or 0, leader.id or 0))
    return houses


def rows(start: int, stop: int, total: int, houses: list[tuple[int, int]]
         ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:  # fmt: skip
    rng = random.Random(start)
    events, logs = [], []
    span = timedelta(days=EVENT_DAYS).total_seconds()
    for n in range(start, stop):
        event_id = n + 1
        house, leader = houses[rng.randrange(len(houses))]
        created = NOW - timedelta(seconds=span * (total - n) / total)
        kind = KINDS[n % len(KINDS)]
        ack_due, resolve_due = created + H, created + 24 * H
        log: list[tuple[Any, ...]] = [(event_id, None, created, None, "new", "report"),
               (event_id, None, created, "new", "assigned", "assign")]  # fmt: skip
        fate = rng.random()
        state, reason = "assigned", None
        next_action: datetime | None = ack_due
        if fate < 0.9 or created < NOW - timedelta(days=3):
            acked, resolved = created + rng.random() * 2 * H, created + rng.random() * 48 * H
            resolved = max(resolved, acked)
            state, reason, next_action = "closed", CLOSES[n % len(CLOSES)], None
            log += [(event_id, leader, acked, "assigned", "acknowledged", "ack"),
                    (event_id, leader, resolved, "acknowledged", "resolved", "resolve"),
                    (event_id, None, resolved + H, "resolved", "closed", "close")]  # fmt: skip
        elif fate < 0.95:
            acked = created + rng.random() * 2 * H
            state, next_action = "in_progress", resolve_due
            log.append((event_id, leader, acked, "assigned", "in_progress", "progress"))
        level = n % 4 if state != "closed" else 0
        events.append(
            (event_id, f"B-{n:07d}", kind, False, f"{n % 40}幢{n % 7}01 问题", house, leader,
             state, reason, created, ack_due, resolve_due, next_action, 0, level,
             str(n % 40), f"{n % 7}01")
        )  # fmt: skip
        logs += log
    return events, logs


async def sign_in(client: TestClient[web.Request, web.Application],
                  sessions: async_sessionmaker[AsyncSession]) -> None:  # fmt: skip
    from models.crud.people import person_by_key

    async with sessions() as session, session.begin():
        staff = await person_by_key(session, key="staff-0")
        assert staff is not None
        link = await issue_login_link(session, person=staff, now=NOW)
    page = await client.get(link.url(""))
    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text())
    assert token is not None
    response = await client.post(link.url(""), data={"csrf_token": token[1]}, allow_redirects=False)
    assert response.status == 303, response.status


async def measure(client: TestClient[web.Request, web.Application], total: int) -> dict[str, float]:
    first = await client.get("/console/events")
    numbers = re.findall(r'data-number="([^"]+)"', await first.text())
    assert len(numbers) == 50, len(numbers)
    deep = f"/console/events?before={total // 2}"  # keyset: half way into the list
    pages = {
        "dashboard": "/console",
        "events": "/console/events",
        "events_deep": deep,
        "events_filtered": "/console/events?kind=leak&overdue=1",
    }
    figures = {}
    for name, path in pages.items():

        async def get(path: str = path) -> None:
            response = await client.get(path)
            assert response.status == 200, (path, response.status)
            await response.read()

        await get()  # warm-up: templates compiled, connections open
        figures[name] = statistics.median([await timed(get) for _ in range(RUNS)])
    return figures


INDEX = "ix_event_landlord_grid_id_created_at"  # added by migration c0a5e1f2d3b4


async def bench(backend: str, total: int, *, without_index: bool = False) -> dict[str, float]:
    print(f"{backend}:", flush=True)
    async with database(backend) as url:
        await upgrade_async(url)
        engine = create_engine(url)
        sessions = sessionmaker(engine)
        houses = await make_street(sessions)
        insert = inserter(url)
        started = perf_counter()
        logs_written = 0
        for chunk in range(0, total, 100_000):
            events, logs = rows(chunk, min(total, chunk + 100_000), total, houses)
            await insert("event", EVENT_COLUMNS, events)
            await insert("event_log", LOG_COLUMNS, logs)
            logs_written += len(logs)
        if without_index:  # the figures before the console's migration added it
            async with engine.begin() as connection:
                await connection.exec_driver_sql(f"DROP INDEX {INDEX}")
        await analyze(url)
        print(f"  inserted {total:,} events and {logs_written:,} log rows "
              f"in {perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        await engine.dispose()
        settings = load_settings(None, environ={"GRIDBOT_DATABASE_URL": url})
        console = ConsoleServices(sessions=sessions, settings=settings, clock=FrozenClock(NOW))
        app = create_web_app(console=console)
        async with TestClient(TestServer(app)) as client:
            await sign_in(client, sessions)
            figures = await measure(client, total)
        await engine.dispose()
    for name, ms in figures.items():
        verdict = "ok" if ms <= TARGETS[name] else "OVER"
        print(f"  {name}: {ms:.1f} ms (target <= {TARGETS[name]:.0f} ms, {verdict})")
    print(f"  RSS {rss_mb():.0f} MB", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--without-index", action="store_true", help=f"drop {INDEX} first (the 'before' figures)"
    )
    args = parser.parse_args()
    for backend in args.backends.split(","):
        asyncio.run(bench(backend, args.events, without_index=args.without_index))


if __name__ == "__main__":
    main()
