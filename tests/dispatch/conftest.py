"""A bot on the memory transport with the test's own routers, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App, build_app
from bot.chat import Delivery, Inbound
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.dispatch.pipeline import Outcome
from bot.dispatch.router import Router
from bot.render import Renderer
from bot.transport.memory import MemoryTransport
from models.crud.directory_sync import sync_directory
from models.db import sessionmaker

REPO = Path(__file__).resolve().parents[2]
TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@dataclass
class Bot:
    app: App
    transport: MemoryTransport
    clock: FrozenClock

    async def receive(self, inbound: Inbound) -> Outcome:
        return await self.app.handle(inbound)

    async def replies(self) -> list[Delivery]:
        """Deliver what is queued and return it."""
        await self.app.outbox.deliver_due()
        return self.transport.take_sent()


BotFactory = Callable[[Sequence[Router]], Awaitable[Bot]]


def demo_settings(db_url: str) -> Settings:
    environ = {"GRIDBOT_DATABASE_URL": db_url, "GRIDBOT_TRANSPORT": "memory"}
    return load_settings(str(REPO / "config.example.toml"), environ=environ)


@pytest.fixture
async def settings(engine: AsyncEngine, db_url: str) -> Settings:
    """The demo configuration on a database holding the demo directory."""
    settings = demo_settings(db_url)
    async with sessionmaker(engine)() as session, session.begin():
        await sync_directory(session, directory=settings.directory)
    return settings


@pytest.fixture
async def make_bot(settings: Settings) -> AsyncIterator[BotFactory]:
    apps: list[App] = []

    async def make(routers: Sequence[Router]) -> Bot:
        transport, clock = MemoryTransport(), FrozenClock(START)
        renderer = Renderer(TEST_TEMPLATES, REPO / "templates")
        app = build_app(
            settings, transport=transport, clock=clock, routers=routers, renderer=renderer
        )
        apps.append(app)
        await transport.start(app.feed)  # the outbox is driven by the test: Bot.replies()
        return Bot(app, transport, clock)

    yield make
    for app in apps:
        await app.stop()
