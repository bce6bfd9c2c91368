"""Reading a SQLite file's change log on a connection of its own, outside SQLAlchemy.

The pipeline reads the change log (models/changes.py) before every message. Through a
session that is a pool checkout, a transaction and SQLAlchemy's execution machinery, about
ten times what SQLite needs to answer. A message that needs nothing else from the database
(chatter, answered from memory) then needs no session connection at all. This connection
only reads, in autocommit mode, so under WAL each read sees every commit made before it.
A read that finds the database busy (rare for readers under WAL) returns None: the caller
asks through its session instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

Row = tuple[int, str, str]

_AFTER = 'SELECT seq, area, "key" FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?'
_LATEST = "SELECT coalesce(max(seq), 0) FROM change_log"


class SqliteChangeReader:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None

    def after(self, seq: int, limit: int) -> list[Row] | None:
        return self._read(_AFTER, (seq, limit))

    def among(self, seqs: list[int]) -> list[Row] | None:
        if not seqs:
            return []
        marks = ",".join("?" * len(seqs))
        return self._read(f'SELECT seq, area, "key" FROM change_log WHERE seq IN ({marks})', seqs)

    def latest(self) -> int | None:
        rows = self._read(_LATEST, ())
        return None if rows is None else int(rows[0][0])  # one row of one column

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _read(self, sql: str, parameters: tuple[int, ...] | list[int]) -> list[Row] | None:
        try:
            if self._connection is None:
                # The loop's thread opens it; aiosqlite's never sees it.
                address = f"{self._path.resolve().as_uri()}?mode=ro"
                self._connection = sqlite3.connect(
                    address, uri=True, timeout=0, isolation_level=None
                )
            return list(self._connection.execute(sql, parameters))
        except sqlite3.OperationalError:
            self.close()  # busy, or the file moved: the session answers this time
            return None
