"""Async engines and sessions for SQLite (default) and PostgreSQL (production)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from models import default_factories, sqlite_inline

default_factories.install()

# synchronous=NORMAL under WAL survives a crash of the process (what the outbox promises);
# only a power cut can lose the last commits, and it makes each commit several times cheaper.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
)


CONNECT_TIMEOUT = 10.0  # seconds; PostgreSQL (asyncpg waits 60 s by default)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database:
        return None
    if database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _inline_driver(
    _dialect: object, _record: object, _cargs: object, cparams: dict[str, Any]
) -> None:
    cparams["async_creator_fn"] = sqlite_inline.connect


def _on_sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for `sqlite+aiosqlite:///path` or `postgresql+asyncpg://...`.

    SQLite gets foreign keys enforced and WAL on every connection, and
    the directory of its file is created; its statements run on the loop's thread and wait
    for another writer's lock in aiosqlite's thread (models/sqlite_inline.py).
    """
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        file = sqlite_file(url)
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        # Sessions always end their transaction (commit or rollback) before the connection
        # goes back to the pool; the pool's own rollback on top was one more thread trip.
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "do_connect", _inline_driver)
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        return engine
    # No ping before each use: it cost three round trips per transaction (BEGIN, ";",
    # ROLLBACK) on the busiest path. A connection the server dropped fails its first
    # statement instead; SQLAlchemy then drops the pool's other connections of that age,
    # and the work is tried again (a message waits in the journal: bot/journal/; the
    # outbox and the follow-up worker retry). A connect that hangs gives up after 10 s.
    kwargs.setdefault("connect_args", {"timeout": CONNECT_TIMEOUT})
    return create_async_engine(url, **kwargs)


def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: handlers hand them to templates afterwards.
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@asynccontextmanager
async def session_scope(
    factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One transaction: commit when the block ends, roll back if it raises."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


@asynccontextmanager
async def database(url: str) -> AsyncIterator[tuple[AsyncEngine, async_sessionmaker[AsyncSession]]]:
    """An engine and its session factory for one block (a CLI command), disposed after."""
    engine = create_engine(url)
    try:
        yield engine, sessionmaker(engine)
    finally:
        await engine.dispose()
