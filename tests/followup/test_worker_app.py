"""The worker inside the composed bot: two bots on one PostgreSQL database remind once."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import App, build_app
from bot.chat import Delivery
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.transport.memory import MemoryTransport
from tests.followup.conftest import Grid, local, new_event

REPO = Path(__file__).resolve().parents[2]
EVENTS = 30


class CountingTransport(MemoryTransport):
    """Lets the test wait until the bots together delivered `expected` messages."""

    def __init__(self, total: Counter[str], done: asyncio.Event, expected: int) -> None:
        super().__init__()
        self.total, self.done, self.expected = total, done, expected

    async def send(self, delivery: Delivery) -> None:
        await super().send(delivery)
        self.total.update(re.findall(r"#(\d{4}-\d{4})", delivery.text))
        if sum(self.total.values()) >= self.expected:
            self.done.set()


@pytest.fixture
def settings(engine: AsyncEngine, db_url: str) -> Settings:
    environ = {"GRIDBOT_DATABASE_URL": db_url, "GRIDBOT_TRANSPORT": "memory"}
    return load_settings(str(REPO / "config.example.toml"), environ=environ)


@pytest.fixture
async def apps() -> AsyncIterator[list[App]]:
    started: list[App] = []
    yield started
    for app in started:
        await app.stop()


async def test_two_bots_on_one_postgresql_database_send_each_reminder_once(
    db_url: str,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    grid: Grid,
    apps: list[App],
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer: one bot process per SQLite database")
    for _ in range(EVENTS):
        await new_event(sessions, grid, local(2026, 11, 25, 10, 0))
    clock = FrozenClock(local(2026, 11, 25, 14, 0))  # long past every acknowledge deadline
    total: Counter[str] = Counter()
    done = asyncio.Event()
    transports = [CountingTransport(total, done, EVENTS) for _ in range(2)]
    for number, transport in enumerate(transports):
        app = build_app(settings, transport=transport, clock=clock, routers=[])
        # Two accounts, one each: both serve (on one account the second would be a standby).
        assert app.liveness is not None
        app.liveness.accounts = (f"account-{number}",)
        apps.append(app)
    await asyncio.gather(*(app.start() for app in apps))  # both workers tick at once
    await asyncio.wait_for(done.wait(), 60)  # a guard, not a measurement
    await asyncio.gather(*(app.followup.idle.wait() for app in apps if app.followup))
    await asyncio.gather(*(app.outbox.deliver_due() for app in apps))

    assert len(total) == EVENTS
    assert set(total.values()) == {1}  # each event's reminder went out exactly once
    assert all(d.chat_id == "wx-leader" for t in transports for d in t.sent)
