"""The whole bot (its composed routers) on the memory transport, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.app import App, build_app
from bot.chat import ChatKind, Delivery
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.dispatch.pipeline import Outcome
from bot.outbox import OutboxPolicy
from bot.transport import memory
from bot.transport.memory import MemoryTransport
from models.crud.directory_sync import sync_directory
from models.db import sessionmaker
from models.event import Event

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Shanghai


@dataclass
class Bot:
    app: App
    transport: MemoryTransport
    clock: FrozenClock

    async def say(self, chat_id: str, sender_id: str, name: str, text: str) -> Outcome:
        message = memory.group_message(text, chat_id=chat_id, sender_id=sender_id, sender_name=name)
        return await self.app.handle(message)

    async def replies(self) -> list[Delivery]:
        """Deliver what is queued now and return it."""
        await self.app.outbox.deliver_due()
        return self.transport.take_sent()

    async def events(self) -> list[Event]:
        async with self.app.sessions() as session:
            return list((await session.exec(select(Event).order_by(col(Event.id)))).all())


BotFactory = Callable[..., Awaitable[Bot]]


def demo_settings(db_url: str) -> Settings:
    environ = {"GRIDBOT_DATABASE_URL": db_url, "GRIDBOT_TRANSPORT": "memory"}
    return load_settings(str(REPO / "config.example.toml"), environ=environ)


@pytest.fixture
async def settings(engine: AsyncEngine, db_url: str) -> Settings:
    settings = demo_settings(db_url)
    async with sessionmaker(engine)() as session, session.begin():
        await sync_directory(session, directory=settings.directory)
    return settings


@pytest.fixture
async def make_bot(settings: Settings) -> AsyncIterator[BotFactory]:
    apps: list[App] = []

    async def make(outbox_policy: OutboxPolicy | None = None) -> Bot:
        transport, clock = MemoryTransport(), FrozenClock(START)
        app = build_app(settings, transport=transport, clock=clock, outbox_policy=outbox_policy)
        apps.append(app)
        await transport.start(app.feed)  # the test drives the outbox: Bot.replies()
        return Bot(app, transport, clock)

    yield make
    for app in apps:
        await app.stop()


@pytest.fixture
async def bot(make_bot: BotFactory) -> Bot:
    return await make_bot()


def to_group(deliveries: list[Delivery], chat_id: str) -> list[Delivery]:
    return [d for d in deliveries if d.chat_kind is ChatKind.GROUP and d.chat_id == chat_id]


def to_person(deliveries: list[Delivery], contact_id: str) -> list[Delivery]:
    return [d for d in deliveries if d.chat_kind is ChatKind.DIRECT and d.chat_id == contact_id]
