"""Database fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL tests need GRIDBOT_TEST_POSTGRES_URL (a server URL whose database the tests may
connect to); each test gets a fresh, uniquely named database on that server, dropped
afterwards, because several test runs may share the server at once.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import models  # noqa: F401  (registers every table)
from models.db import create_engine, sessionmaker

# One Node puppet service per test session, shared by every directory that drives it.
pytest_plugins = ["tests.puppet_fixture"]

POSTGRES_ENV = "GRIDBOT_TEST_POSTGRES_URL"
REQUIRE_ALL_ENV = "GRIDBOT_REQUIRE_ALL_TESTS"


def _postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get(REQUIRE_ALL_ENV) == "1":
        pytest.fail(f"{REQUIRE_ALL_ENV}=1 but {POSTGRES_ENV} is not set")
    pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL tests")


@asynccontextmanager
async def fresh_postgres_database(server: str) -> AsyncIterator[str]:
    """A new empty database on the server of `server` (a URL), dropped when the block ends."""
    name = f"gridbot_test_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: a SQLite file (in a directory that does not exist yet), or a fresh
    PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'db' / 'gridbot.db'}"
        return
    async with fresh_postgres_database(_postgres_server_url()) as url:
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
