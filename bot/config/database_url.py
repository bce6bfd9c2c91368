"""The database URL: SQLite or PostgreSQL, always with the async driver GridBot uses."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bot.config.errors import Invalid
from bot.config.values import text

_ASYNC_DRIVER = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}
_EXPECTED = 'expected "sqlite+aiosqlite:///FILE" or "postgresql+asyncpg://USER@HOST:PORT/DATABASE"'
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def masked(url: str) -> str:
    """The URL with its password replaced, fit for messages and logs."""
    return _PASSWORD.sub(r"\1***@", url)


def database_url(value: object) -> str:
    """Check the URL and name the async driver: 'sqlite:///x.db' → 'sqlite+aiosqlite:///x.db'."""
    url = text(value).strip()
    scheme, sep, rest = url.partition("://")
    driver = _ASYNC_DRIVER.get(scheme.lower())
    if not sep or driver is None:
        raise Invalid(f'{_EXPECTED}, got "{masked(url)}"')
    if driver == "sqlite+aiosqlite":
        _check_sqlite(rest, url)
    else:
        _check_postgresql(rest, url)
    return f"{driver}://{rest}"


def _check_sqlite(rest: str, url: str) -> None:
    if not rest.startswith("/") or not _sqlite_path(rest):
        raise Invalid(f'expected "sqlite+aiosqlite:///FILE" (three slashes), got "{url}"')


def _check_postgresql(rest: str, url: str) -> None:
    parts = urlsplit(f"postgresql://{rest}")
    try:
        parts.port  # noqa: B018 - property access validates the port
    except ValueError:
        raise Invalid(f'bad port in "{masked(url)}"') from None
    if not parts.path.strip("/"):
        raise Invalid(f'no database name in "{masked(url)}" ({_EXPECTED})')
    if not parts.hostname and "host=" not in parts.query:
        raise Invalid(f'no host in "{masked(url)}" ({_EXPECTED})')


def sqlite_file(url: str) -> Path | None:
    """The SQLite database file of a checked URL (relative to the current directory), or None.

    None for PostgreSQL and for an in-memory database. Whoever opens the database creates the
    file's parent directory.
    """
    scheme, _, rest = url.partition("://")
    if not scheme.startswith("sqlite"):
        return None
    path = _sqlite_path(rest)
    return None if path in ("", ":memory:") else Path(path)


def _sqlite_path(rest: str) -> str:
    """The file part of what follows "sqlite+aiosqlite://": "/x.db?mode=ro" → "x.db"."""
    return rest.removeprefix("/").partition("?")[0]
