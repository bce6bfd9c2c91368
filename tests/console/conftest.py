"""Fixtures for the console: the street's database, a console app over it, a signed-in client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.config import Settings
from models.db import create_engine, sessionmaker
from tests.console.street import SHANGHAI, Client, console_app, load_street

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday
START = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)  # the Monday of the week before


@pytest.fixture
async def street(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Settings]:
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", db_url)
    monkeypatch.delenv("GRIDBOT_CONFIG", raising=False)
    yield await load_street(tmp_path, db_url)


@pytest.fixture
async def street_engine(street: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(street.database_url)
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
    street: Settings, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> AsyncIterator[Client]:
    async with TestClient(TestServer(console_app(street, sessions, clock))) as client:
        yield client
