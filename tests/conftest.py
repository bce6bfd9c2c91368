"""Database fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL tests need GRIDBOT_TEST_POSTGRES_URL (a server URL whose database the tests may
connect to); each test gets a fresh, uniquely named database on that server, dropped
afterwards, because several test runs may share the server at once.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import models  # noqa: F401  (registers every table)
from models.db import create_engine, sessionmaker
from models.scratch import scratch_postgres_database

# One Node puppet service per WeChat world and test session (the demo's, 梧桐街道's), and
# 梧桐街道 deployed the way a street deploys itself (tests/street_fixture.py).
pytest_plugins = ["tests.puppet_fixture", "tests.street_fixture", "tests.small_disk"]

POSTGRES_ENV = "GRIDBOT_TEST_POSTGRES_URL"
REQUIRE_ALL_ENV = "GRIDBOT_REQUIRE_ALL_TESTS"


def _postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get(REQUIRE_ALL_ENV) == "1":
        pytest.fail(f"{REQUIRE_ALL_ENV}=1 but {POSTGRES_ENV} is not set")
    pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL tests")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: a SQLite file (in a directory that does not exist yet), or a fresh
    PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'db' / 'gridbot.db'}"
        return
    async with scratch_postgres_database(_postgres_server_url(), prefix="gridbot_test") as url:
        yield url


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database holding every table (created from the models)."""
    engine = create_engine(db_url)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with sessionmaker(engine)() as session:
        yield session
