"""Fixtures for the console on 梧桐街道: its settings over plain http, the database's
sessions, a console app over them, the whole bot with its pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.config import Settings
from bot.web.app import create_web_app
from bot.web.console.runtime import console_services
from models.db import create_engine, sessionmaker
from tests.console.support import LOCAL_URL, NOW, Client, RunningBot, console_app
from tests.street import Street
from tests.street_fixture import StreetChat


@pytest.fixture
def console_settings(street_settings: Settings) -> Settings:
    """The street's settings with its pages at a plain http address, as the test client
    speaks (over its own https address the cookies would be Secure and never come back)."""
    return replace(
        street_settings, register=replace(street_settings.register, public_url=LOCAL_URL)
    )


@pytest.fixture
async def street_engine(street_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(street_settings.database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(street_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return sessionmaker(street_engine)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def client(
    console_settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> AsyncIterator[Client]:
    async with TestClient(TestServer(console_app(console_settings, sessions, clock))) as client:
        yield client


@pytest.fixture
async def running_bot(
    street: Street,
    console_settings: Settings,
    clock: FrozenClock,
    street_chat_launch: Callable[..., Awaitable[StreetChat]],
) -> AsyncIterator[RunningBot]:
    """The bot on the memory transport with its web pages, everyone with a WeChat account
    linked, 清水湾3号楼's group bound."""
    chat = await street_chat_launch(settings=console_settings, clock=clock)
    await chat.link(*street.owners.values())
    await chat.bind("qs-3")
    web_app = create_web_app(console=console_services(chat.app))
    async with TestClient(TestServer(web_app)) as client:
        yield RunningBot(chat, client)
