"""Reading the change log on a connection of its own, outside SQLAlchemy.

The pipeline reads the change log (models/changes.py) before every message. Through a
session that is a pool checkout (a ping on PostgreSQL), BEGIN, the query and COMMIT, and
SQLAlchemy's execution machinery: several times what the database needs to answer. Here
one connection only reads, in autocommit mode, so each read sees every commit made before
it, and a message that needs nothing else from the database (chatter, answered from memory)
opens no session at all. A read that fails (the database is busy or away) answers None:
the caller asks through its session instead, and the next read connects afresh.

On PostgreSQL the connection also LISTENs for the log's NOTIFY (models/changes.py):
`notified` counts what it heard (and every reconnect, after which anything may have been
missed), so the caller may skip reading while nothing was heard (`pushes`).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any, Protocol

import asyncpg
from sqlalchemy.engine import make_url

from models.changes import CHANGED_CHANNEL
from models.db import sqlite_file

logger = logging.getLogger(__name__)

Row = tuple[int, str, str]

_COLUMNS = 'SELECT seq, area, "key" FROM change_log'
_LATEST = "SELECT coalesce(max(seq), 0) FROM change_log"


class ChangeReader(Protocol):
    @property
    def pushes(self) -> bool:
        """True when `notified` moves whenever the log may have grown."""
        ...

    @property
    def notified(self) -> int: ...

    async def after(self, seq: int, limit: int) -> list[Row] | None: ...
    async def among(self, seqs: list[int]) -> list[Row] | None: ...
    async def latest(self) -> int | None: ...
    async def close(self) -> None: ...


def change_reader(database_url: str) -> ChangeReader | None:
    """The reader for this database, or None (an in-memory SQLite: only sessions see it)."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return PostgresChangeReader(url.set(drivername="postgresql").render_as_string(False))
    database = sqlite_file(database_url)
    return None if database is None else SqliteChangeReader(database)


class SqliteChangeReader:
    """Reads on the loop's thread: a local file answers in microseconds."""

    pushes = False  # no NOTIFY: read before every message (microseconds)
    notified = 0

    def __init__(self, path: Path) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None

    async def after(self, seq: int, limit: int) -> list[Row] | None:
        return self._read(f"{_COLUMNS} WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))

    async def among(self, seqs: list[int]) -> list[Row] | None:
        if not seqs:
            return []
        marks = ",".join("?" * len(seqs))
        return self._read(f"{_COLUMNS} WHERE seq IN ({marks})", tuple(seqs))

    async def latest(self) -> int | None:
        rows = self._read(_LATEST, ())
        return None if rows is None else int(rows[0][0])  # one row of one column

    async def close(self) -> None:
        self._close()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _read(self, sql: str, parameters: tuple[int, ...]) -> list[Row] | None:
        try:
            if self._connection is None:
                address = f"{self._path.resolve().as_uri()}?mode=ro"
                self._connection = sqlite3.connect(
                    address, uri=True, timeout=0, isolation_level=None
                )
            return list(self._connection.execute(sql, parameters))
        except sqlite3.OperationalError:
            self._close()  # busy, or the file moved: the session answers this time
            return None


class PostgresChangeReader:
    """One asyncpg connection outside the pool: a read is one round trip."""

    pushes = True

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._connection: asyncpg.Connection | None = None
        self.notified = 1  # nothing heard yet: read

    def _heard(self, *_args: object) -> None:
        self.notified += 1

    async def after(self, seq: int, limit: int) -> list[Row] | None:
        return await self._rows(f"{_COLUMNS} WHERE seq > $1 ORDER BY seq LIMIT $2", seq, limit)

    async def among(self, seqs: list[int]) -> list[Row] | None:
        if not seqs:
            return []
        return await self._rows(f"{_COLUMNS} WHERE seq = ANY($1::bigint[])", seqs)

    async def latest(self) -> int | None:
        records = await self._read(_LATEST)
        return None if records is None else int(records[0][0])

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close(timeout=2)
            except Exception:  # already gone
                connection.terminate()

    async def _rows(self, sql: str, *parameters: object) -> list[Row] | None:
        records = await self._read(sql, *parameters)
        return None if records is None else [(r[0], r[1], r[2]) for r in records]

    async def _read(self, sql: str, *parameters: object) -> list[Any] | None:
        try:
            if self._connection is None or self._connection.is_closed():
                self._heard()  # what was said while it was away is not heard
                self._connection = await asyncpg.connect(self._dsn, timeout=5)
                self._connection.add_termination_listener(self._heard)
                await self._connection.add_listener(CHANGED_CHANNEL, self._heard)
            records = await self._connection.fetch(sql, *parameters, timeout=5)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
            logger.warning("reading the change log directly failed; asking the session")
            await self.close()
            return None
        return list(records)
