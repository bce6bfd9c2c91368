"""Queueing all the messages of one step in one statement (a report sends two or three)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from models.messaging import Outbox, OutboxStatus

_TABLE: Table = Outbox.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Message:
    """One rendered message for `enqueue_all`."""

    chat_kind: str
    chat_id: str
    text: str
    mention_ids: Sequence[str] = ()
    dedupe_key: str | None = None
    secret: bool = False  # erased once sent (models.messaging.Outbox.secret)
    account: str = "main"  # the account it goes out on (bot/accounts.py)


@cache
def _statement(dialect: str) -> Any:
    # RETURNING tells the rows inserted from those a `dedupe_key` conflict skipped; with a
    # list of parameters SQLAlchemy sends it as one multi-row INSERT (insertmanyvalues).
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(_TABLE).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(_TABLE.c.id)
    )


async def enqueue_all(session: AsyncSession, messages: Sequence[Message], *, at: datetime) -> int:
    """`models.crud.outbox.enqueue` for several messages due at `at`: how many were new."""
    if not messages:
        return 0
    rows = [
        {
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": at,
            "chat_kind": m.chat_kind,
            "chat_id": m.chat_id,
            "mention_ids": list(m.mention_ids),
            "text": m.text,
            "created_at": at,
            "dedupe_key": m.dedupe_key,
            "secret": m.secret,
            "account": m.account,
        }
        for m in messages
    ]
    return await session.run_sync(_insert, rows)


def _insert(session: Session, rows: list[dict[str, Any]]) -> int:
    # In one trip to the session's sync side: each `await` on the AsyncSession is one.
    result = session.connection().execute(_statement(session.get_bind().dialect.name), rows)
    return len(result.all())
