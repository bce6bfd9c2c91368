"""aiosqlite whose statements run on the event loop's thread unless they must wait.

SQLAlchemy's aiosqlite adapter sends every cursor call (open, execute, fetch, close) and
every commit to aiosqlite's worker thread: a queue hand-off and an event-loop wake-up
each, 0.2-0.4 ms, where the statement itself takes microseconds on a local file. Here a
statement, with its rows, description, rowcount and lastrowid, runs right away on the
caller's thread with SQLite's busy timeout at zero. Only when the database is locked by
another writer (another process, a CLI import) does it go to the worker thread and wait
there for up to BUSY_TIMEOUT_MS, so a long lock never blocks the event loop. The
statements and their order are the same as SQLAlchemy's; only where they run differs.
Installed by models/db.py through the `async_creator_fn` hook of SQLAlchemy's dialect.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import aiosqlite

BUSY_TIMEOUT_MS = 5000

_Outcome = tuple[list[Any], Any, int, int | None]
_T = TypeVar("_T")


def _run(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> _Outcome:
    """The whole life of one cursor."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        elif parameters is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return rows, cursor.description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _waiting(connection: sqlite3.Connection, call: Callable[[], _T]) -> _T:
    """In the worker thread: the call again, this time allowed to wait for the lock."""
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        return call()
    finally:
        connection.execute("PRAGMA busy_timeout=0")


class InlineCursor:
    """The async cursor SQLAlchemy's adapter expects, over rows fetched with the execute."""

    arraysize = 1

    def __init__(self, connection: InlineConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> InlineCursor:
        return self

    async def execute(self, sql: str, parameters: Any = None) -> InlineCursor:
        await self._run(sql, parameters, many=False)
        return self

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> InlineCursor:
        await self._run(sql, parameters, many=True)
        return self

    async def _run(self, sql: str, parameters: Any, *, many: bool) -> None:
        raw = self._connection._conn
        outcome = await self._connection.inline(lambda: _run(raw, sql, parameters, many))
        self._rows, self.description, self.rowcount, self.lastrowid = outcome

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self.arraysize if size is None else size
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        self._rows = []


class InlineConnection(aiosqlite.Connection):
    def cursor(self) -> InlineCursor:  # type: ignore[override]
        return InlineCursor(self)

    async def inline(self, call: Callable[[], _T]) -> _T:
        """`call` on this thread; on a locked database, in the worker thread, waiting."""
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
        queue: Callable[..., Awaitable[_T]] = self._execute
        return await queue(_waiting, self._conn, call)

    async def commit(self) -> None:
        await self.inline(self._conn.commit)

    async def rollback(self) -> None:
        await self.inline(self._conn.rollback)


def connect(database: str, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineConnection:
    """What `aiosqlite.connect` does, with inline statements."""

    def connector() -> sqlite3.Connection:
        # Opened in the worker thread, used from the loop's thread too (never both at once:
        # SQLAlchemy hands a connection to one session at a time and the loop awaits the worker).
        options = {**kwargs, "check_same_thread": False, "timeout": 0}
        opened: sqlite3.Connection = sqlite3.connect(database, **options)
        return opened

    connection = InlineConnection(connector, iter_chunk_size)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own connections
    return connection
