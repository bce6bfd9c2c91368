"""Which errors mean "the database cannot be used right now", as opposed to a faulty message.

A message whose handling fails because of an outage is kept and handled again later
(bot/journal/); one whose handler is at fault is recorded as failed. The errors differ
by driver, so both are read here, through the whole chain of causes SQLAlchemy and the
drivers wrap them in:

- the server is unreachable or went away: refused or reset connections, a connection
  closed in mid-statement (SQLAlchemy marks it invalidated), a connect that timed out;
- PostgreSQL refuses work for now: shutting down or starting up (57P01-57P03), out of
  disk, memory or connections (class 53), a read-only standby (25006), an I/O error (58030);
- SQLite cannot write or open its file: disk full, I/O error, read-only file or
  directory, file gone, busy past the timeout.
"""

from __future__ import annotations

import errno
import socket
import sqlite3
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError

# SQLite primary result codes (the low byte of the extended code).
_SQLITE_OUTAGES = frozenset(
    {
        3,  # SQLITE_PERM: the file's permissions forbid it
        5,  # SQLITE_BUSY: another writer kept the lock past the busy timeout
        6,  # SQLITE_LOCKED
        8,  # SQLITE_READONLY: read-only file, directory or file system
        10,  # SQLITE_IOERR: the disk failed the read or write
        13,  # SQLITE_FULL: database or disk is full
        14,  # SQLITE_CANTOPEN: the file or its directory is gone or unreadable
    }
)
_POSTGRES_STATES = ("08", "53", "57P01", "57P02", "57P03", "25006", "58030")
# Network and disk failures (an OSError without one of these is not the database's: a
# missing template is an OSError too).
_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.EHOSTUNREACH,
        errno.EHOSTDOWN,
        errno.ETIMEDOUT,
        errno.EPIPE,
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EIO,
    }
)


def is_outage(error: BaseException) -> bool:
    """True when `error` (or anything it was raised from) says the database is unusable now."""
    return any(_is_outage_itself(each) for each in _chain(error))


def _is_outage_itself(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, ConnectionError | TimeoutError | socket.gaierror):
        return True  # refused, reset, timed out, the host name does not resolve
    if isinstance(error, OSError):
        # asyncio tries each address of a host and sums up "Multiple exceptions: ... Connect
        # call failed" without an errno.
        return error.errno in _ERRNOS or "Connect call failed" in str(error)
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in _SQLITE_OUTAGES
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str) and state.startswith(_POSTGRES_STATES):
        return True
    # asyncpg's client-side "connection is closed" / "closed in the middle of operation".
    return type(error).__name__ in {"InterfaceError", "ConnectionDoesNotExistError"} and (
        "closed" in str(error)
    )


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)  # SQLAlchemy's wrapped driver error
        if isinstance(orig, BaseException) and id(orig) not in seen:
            yield orig
            seen.add(id(orig))
        current = current.__cause__ or current.__context__
