"""The change log: database triggers append one row per changed cache key.

Process-level caches (group bindings, chat contacts, open dialogs) cannot rely on the
writer to tell them: the bot, CLI commands, a second bot process or psql may all write.
So the database itself logs every INSERT, UPDATE and DELETE of the watched tables, and
each process reads the rows after the last `seq` it saw (models/crud/changes.py).

Keys: area "chat" → a group chat id (group_binding.chat_id, landlord_grid.group_chat);
"contact" → a person's contact_id (person, and person_home through its person);
"dialog" → chat_id + "\\x1f" + sender_id. An UPDATE logs the old and the new key even when
nothing the caches read changed (caches may keep whole rows); equal keys are logged once.

On PostgreSQL a statement trigger on the log itself also sends a NOTIFY on CHANGED_CHANNEL
(delivered at commit, once per transaction): a process told so reads the log, and one told
nothing, and that committed nothing itself, may skip reading it (bot/cache/feed.py).
`local_commits()` counts the commits of this process's sessions that wrote a watched table
(a report writes events, the outbox and the inbound log: it does not count; a session
marked `touches_no_cached_table` never does); what other sessions write is told by the
NOTIFY.

The triggers are created twice: by the migration (a frozen copy of this SQL, as migrations
must not follow today's code) and, for databases built by `metadata.create_all` (tests),
by the listener at the bottom. tests/db/test_change_log.py checks that both agree.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Column, Integer, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from models.types import TZDateTime

KEY_SEPARATOR = "\x1f"  # ASCII unit separator: in neither chat nor sender ids
CHANGED_CHANNEL = "gridbot_change"
_QUIET = "touches_no_cached_table"


class Change(SQLModel, table=True):
    __tablename__ = "change_log"
    # Without AUTOINCREMENT SQLite reuses the highest seq once it is deleted (pruned), and
    # a reader that saw it would miss the next change.
    __table_args__ = {"sqlite_autoincrement": True}

    # AUTOINCREMENT needs exactly INTEGER PRIMARY KEY on SQLite (a 64-bit rowid anyway).
    seq: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    )
    area: str = Field(max_length=16)
    key: str = Field(max_length=300)
    at: datetime | None = Field(
        default=None,
        sa_type=TZDateTime,
        index=True,
        nullable=False,
        sa_column_kwargs={"server_default": text("CURRENT_TIMESTAMP")},
    )


class Watched(NamedTuple):
    table: str
    area: str
    # The key of the row, "{row}" standing for OLD or NEW, in SQL common to both dialects
    # except the separator character ({sep}).
    key: str


WATCHED = (
    Watched("group_binding", "chat", "{row}.chat_id"),
    Watched("landlord_grid", "chat", "{row}.group_chat"),
    Watched("person", "contact", "{row}.contact_id"),
    Watched("person_home", "contact", "(SELECT contact_id FROM person WHERE id = {row}.person_id)"),
    Watched("dialog", "dialog", "{row}.chat_id || {sep} || {row}.sender_id"),
)


_WATCHED_TABLES = frozenset({watched.table for watched in WATCHED} | {"change_log"})


def _key(watched: Watched, row: str, dialect: str) -> str:
    return watched.key.format(row=row, sep="chr(31)" if dialect == "postgresql" else "char(31)")


def _sqlite_log(watched: Watched, row: str, *, unless_equal_to: str | None = None) -> str:
    condition = "k IS NOT NULL"
    if unless_equal_to is not None:
        condition += f" AND k IS NOT {_key(watched, unless_equal_to, 'sqlite')}"
    return (
        f"INSERT INTO change_log (area, key) SELECT '{watched.area}', k"
        f" FROM (SELECT {_key(watched, row, 'sqlite')} AS k) WHERE {condition};"
    )


def sqlite_triggers(watched: Watched) -> list[str]:
    bodies = {
        "INSERT": _sqlite_log(watched, "NEW"),
        "UPDATE": _sqlite_log(watched, "OLD")
        + " "
        + _sqlite_log(watched, "NEW", unless_equal_to="OLD"),
        "DELETE": _sqlite_log(watched, "OLD"),
    }
    return [
        f"CREATE TRIGGER IF NOT EXISTS change_log_{watched.table}_{event.lower()}"
        f" AFTER {event} ON {watched.table} BEGIN {body} END"
        for event, body in bodies.items()
    ]


def postgresql_triggers(watched: Watched) -> list[str]:
    # One function and one row trigger per table; each key is computed once (person_home's
    # is a look-up) and only for the operations that have that row.
    name = f"change_log_{watched.table}"
    function = f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_key text;
    new_key text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_key := {_key(watched, "OLD", "postgresql")};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := {_key(watched, "NEW", "postgresql")};
    END IF;
    IF old_key IS NOT NULL THEN
        INSERT INTO change_log (area, key) VALUES ('{watched.area}', old_key);
    END IF;
    IF new_key IS NOT NULL AND new_key IS DISTINCT FROM old_key THEN
        INSERT INTO change_log (area, key) VALUES ('{watched.area}', new_key);
    END IF;
    RETURN NULL;
END
$$"""
    trigger = (
        f"CREATE OR REPLACE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {watched.table}"
        f" FOR EACH ROW EXECUTE FUNCTION {name}()"
    )
    return [function, trigger]


POSTGRESQL_NOTIFY = [
    """CREATE OR REPLACE FUNCTION change_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gridbot_change', '');
    RETURN NULL;
END
$$""",
    "CREATE OR REPLACE TRIGGER change_log_notify AFTER INSERT ON change_log"
    " FOR EACH STATEMENT EXECUTE FUNCTION change_log_notify()",
]


def create_triggers_sql(dialect: str) -> list[str]:
    build = postgresql_triggers if dialect == "postgresql" else sqlite_triggers
    statements = [statement for watched in WATCHED for statement in build(watched)]
    return statements + (POSTGRESQL_NOTIFY if dialect == "postgresql" else [])


_commits = itertools.count(1)
_committed = 0
_SESSION = "gridbot.session"  # on a connection: the session whose transaction it carries
_WROTE = "gridbot.wrote"  # on a session: its transaction wrote something
_WRITES = ("INSERT", "UPDATE", "DELETE", "WITH", "MERGE")
# The table a plain write names; a write this cannot read (a CTE, MERGE) counts as watched.
_TARGET = re.compile(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


def local_commits() -> int:
    """How many transactions of this process that wrote have committed (counted once the
    commit is done, so a reader that sees the count move also sees their rows)."""
    return _committed


def touches_no_cached_table(session: Session) -> None:
    """Mark a session whose commits cannot change a watched table (the outbox sender's):
    they do not make the caches read the log."""
    session.info[_QUIET] = True


@event.listens_for(Session, "after_begin")
def _carry_session(session: Session, _transaction: object, connection: Connection) -> None:
    connection.info[_SESSION] = session


@event.listens_for(Engine, "after_cursor_execute")
def _note_write(
    connection: Connection,
    _cursor: object,
    statement: str,
    _parameters: object,
    _context: object,
    _executemany: bool,
) -> None:
    session = connection.info.get(_SESSION)
    if session is None or not statement.lstrip()[:6].upper().startswith(_WRITES):
        return
    target = _TARGET.match(statement)
    if target is None or target.group(1).lower() in _WATCHED_TABLES:
        session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
def _count_commit(session: Session) -> None:
    global _committed
    if session.info.pop(_WROTE, False) and not session.info.get(_QUIET):
        _committed = next(_commits)


@event.listens_for(Session, "after_rollback")
def _forget_writes(session: Session) -> None:
    session.info.pop(_WROTE, None)


@event.listens_for(SQLModel.metadata, "after_create")
def _create_triggers(_metadata: Any, connection: Connection, **kw: Any) -> None:
    """Databases made by `create_all` (tests) get the triggers the migration creates."""
    if Change.__table__ not in kw.get("tables", ()):  # type: ignore[attr-defined]
        return
    for statement in create_triggers_sql(connection.dialect.name):
        connection.exec_driver_sql(statement)
