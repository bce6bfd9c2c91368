"""aiosqlite with one trip to its thread per statement.

SQLAlchemy's aiosqlite adapter opens a cursor, executes, fetches and closes it: four
round trips to aiosqlite's worker thread per statement, each a queue hand-off and an event
loop wake-up. This connection runs all four in one trip and hands back the rows with the
cursor's description, rowcount and lastrowid; the statements and their order are the same.
Installed by models/db.py through the `async_creator_fn` hook of SQLAlchemy's dialect.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiosqlite

_Outcome = tuple[list[Any], Any, int, int | None]


def _run(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> _Outcome:
    """In the worker thread: the whole life of one cursor."""
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


class OneTripCursor:
    """The async cursor SQLAlchemy's adapter expects, over rows fetched with the execute."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def execute(self, sql: str, parameters: Any = None) -> OneTripCursor:
        await self._trip(sql, parameters, many=False)
        return self

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> OneTripCursor:
        await self._trip(sql, parameters, many=True)
        return self

    async def _trip(self, sql: str, parameters: Any, *, many: bool) -> None:
        queue: Callable[..., Awaitable[_Outcome]] = self._connection._execute
        outcome = await queue(_run, self._connection._conn, sql, parameters, many)
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


class OneTripConnection(aiosqlite.Connection):
    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)


def connect(database: str, *, iter_chunk_size: int = 64, **kwargs: Any) -> OneTripConnection:
    """What `aiosqlite.connect` does, with the one-trip cursor."""

    def connector() -> sqlite3.Connection:
        opened: sqlite3.Connection = sqlite3.connect(database, **kwargs)
        return opened

    connection = OneTripConnection(connector, iter_chunk_size)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own connections
    return connection
