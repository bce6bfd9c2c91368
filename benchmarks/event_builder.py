"""Bulk-loading many events for the benchmarks (follow-up worker, console): a fresh database
per backend, and rows written the fast way each database offers (SQLite executemany,
PostgreSQL COPY), bypassing the ORM."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from models.scratch import scratch_postgres_database

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
Rows = Sequence[tuple[Any, ...]]


def _stamp(value: Any) -> Any:  # as TZDateTime stores them on SQLite: naive UTC text
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return value


def sqlite_insert(path: str, table: str, columns: Sequence[str], rows: Rows) -> None:
    connection = sqlite3.connect(path)
    with connection:
        placeholders = ", ".join("?" for _ in columns)
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
            ([_stamp(v) for v in row] for row in rows),
        )
    connection.close()


async def postgres_insert(url: str, table: str, columns: Sequence[str], rows: Rows) -> None:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(plain)
    try:
        await connection.copy_records_to_table(table, records=rows, columns=list(columns))
    finally:
        await connection.close()


async def analyze(url: str) -> None:
    """Fresh planner statistics after a bulk load (SQLite ANALYZE, PostgreSQL ANALYZE)."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        connection = sqlite3.connect(str(make_url(url).database))
        connection.execute("ANALYZE")
        connection.close()
        return
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(plain)
    try:
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def inserter(url: str) -> Callable[[str, Sequence[str], Rows], Awaitable[None]]:
    """The fast insert for the database at `url`."""
    import asyncio

    if make_url(url).get_backend_name() == "sqlite":
        path = str(make_url(url).database)
        return lambda table, columns, rows: asyncio.to_thread(
            sqlite_insert, path, table, columns, rows
        )
    return lambda table, columns, rows: postgres_insert(url, table, columns, rows)


@asynccontextmanager
async def database(backend: str) -> AsyncIterator[str]:
    """A fresh database: a SQLite file in a temporary folder, or a scratch PostgreSQL
    database on GRIDBOT_BENCH_POSTGRES_URL's server (dropped afterwards)."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        return
    server = os.environ.get("GRIDBOT_BENCH_POSTGRES_URL", DEFAULT_PG)
    async with scratch_postgres_database(server, prefix="gridbot_bench") as url:
        yield url


async def timed(action: Callable[[], Awaitable[object]]) -> float:
    started = perf_counter()
    await action()
    return (perf_counter() - started) * 1000


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")
