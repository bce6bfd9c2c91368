"""The durable outbox: rendered messages wait here until the transport confirms delivery."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, case, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud._dialect import dialect_name
from models.messaging import ERASED, Outbox, OutboxStatus

# Every reply passes through `enqueue` and `mark_all_sent`: Core statements on the table,
# built once, skip the ORM unit of work.
_TABLE: Table = Outbox.__table__  # type: ignore[attr-defined]
# A row holding a secret keeps it only while it may still be sent.
_SPENT_TEXT = case((_TABLE.c.secret, ERASED), else_=_TABLE.c.text)
_MARK_SENT = (
    _TABLE.update()
    .where(_TABLE.c.id.in_(bindparam("ids", expanding=True)))
    .values(
        status=OutboxStatus.SENT,
        sent_at=bindparam("sent_at"),
        last_error=None,
        text=_SPENT_TEXT,
        claimed_by=None,
    )
)
_BY_ID = _TABLE.c.id == bindparam("outbox_id")
_RETRY_LATER = (
    _TABLE.update()
    .where(_BY_ID)
    .values(last_error=bindparam("error"), next_attempt_at=bindparam("retry_at"), claimed_by=None)
)
_GIVE_BACK = (
    _TABLE.update()
    .where(_TABLE.c.id.in_(bindparam("ids", expanding=True)))
    .values(
        attempts=_TABLE.c.attempts - 1,
        next_attempt_at=bindparam("retry_at"),
        last_error=bindparam("error"),
        claimed_by=None,
    )
)
_GIVE_UP = (
    _TABLE.update()
    .where(_BY_ID)
    .values(
        last_error=bindparam("error"), status=OutboxStatus.FAILED, text=_SPENT_TEXT, claimed_by=None
    )
)


@cache
def _enqueue_statement(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_TABLE).on_conflict_do_nothing(index_elements=["dedupe_key"])


async def enqueue(
    session: AsyncSession,
    *,
    chat_kind: str,
    chat_id: str,
    text: str,
    at: datetime,
    mention_ids: Sequence[str] = (),
    dedupe_key: str | None = None,
    secret: bool = False,
    hold: bool = False,
    account: str = "main",
) -> bool:
    """Queue a message due at `at`; False when `dedupe_key` was queued before (nothing added).
    `hold`: held until `at` (the end of quiet hours) without holding back its chat.
    `account`: the one it goes out on (bot/accounts.py)."""
    connection = await session.connection()
    result = await connection.execute(
        _enqueue_statement(dialect_name(session)),
        {
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": at,
            "chat_kind": chat_kind,
            "chat_id": chat_id,
            "mention_ids": list(mention_ids),
            "text": text,
            "created_at": at,
            "dedupe_key": dedupe_key,
            "secret": secret,
            "hold": hold,
            "account": account,
        },
    )
    return result.rowcount == 1


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, lease: timedelta
) -> list[Outbox]:
    """Take up to `limit` due messages, oldest first, and hide them for `lease`.

    Commit right after claiming: another process (PostgreSQL skips locked rows) then sees
    them as not due until the lease ends, so a sender that dies mid-send is retried later.
    """
    statement = (
        select(Outbox)
        .where(col(Outbox.status) == OutboxStatus.PENDING)
        .where(col(Outbox.next_attempt_at) <= now)
        .order_by(col(Outbox.next_attempt_at), col(Outbox.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = list((await session.exec(statement)).all())
    for row in claimed:
        row.attempts += 1
        row.next_attempt_at = now + lease
        session.add(row)
    await session.flush()
    return claimed


async def mark_sent(session: AsyncSession, *, outbox_id: int, at: datetime) -> None:
    row = await session.get_one(Outbox, outbox_id)
    row.status = OutboxStatus.SENT
    row.sent_at = at
    row.last_error = None
    row.text = ERASED if row.secret else row.text
    session.add(row)


async def mark_all_sent(
    session: AsyncSession, *, outbox_ids: Collection[int], at: datetime
) -> None:
    """`mark_sent` for many rows in one statement (no rows loaded)."""
    if not outbox_ids:
        return
    connection = await session.connection()
    await connection.execute(_MARK_SENT, {"ids": list(outbox_ids), "sent_at": at})


async def mark_failed(
    session: AsyncSession,
    *,
    outbox_id: int,
    error: str,
    retry_at: datetime | None,
) -> None:
    """Record a failed attempt; retry at `retry_at`, or give up for good when it is None."""
    row = await session.get_one(Outbox, outbox_id)
    row.last_error = error[:2000]
    if retry_at is None:
        row.status = OutboxStatus.FAILED
        row.text = ERASED if row.secret else row.text
    else:
        row.next_attempt_at = retry_at
    session.add(row)


async def record_failures(
    session: AsyncSession,
    *,
    failures: Sequence[tuple[int, datetime | None]],
    error: str,
) -> None:
    """`mark_failed` for many rows (id, retry_at) at once, without loading them: at most one
    statement for the retries and one for the rows given up on."""
    error = error[:2000]
    retries = [
        {"outbox_id": i, "retry_at": at, "error": error} for i, at in failures if at is not None
    ]
    given_up = [{"outbox_id": i, "error": error} for i, at in failures if at is None]
    connection = await session.connection()
    for statement, params in ((_RETRY_LATER, retries), (_GIVE_UP, given_up)):
        if params:
            await connection.execute(statement, params)


async def give_back(
    session: AsyncSession, *, outbox_ids: Sequence[int], retry_at: datetime, error: str
) -> None:
    """Claimed rows that were not tried (the transport is not connected): due at `retry_at`,
    their claim not counted as an attempt."""
    if outbox_ids:
        connection = await session.connection()
        params = {"ids": list(outbox_ids), "retry_at": retry_at, "error": error[:2000]}
        await connection.execute(_GIVE_BACK, params)


async def next_due_at(session: AsyncSession) -> datetime | None:
    """When the earliest pending message is due, for a sender that sleeps until then."""
    statement = (
        select(Outbox.next_attempt_at)
        .where(col(Outbox.status) == OutboxStatus.PENDING)
        .order_by(col(Outbox.next_attempt_at))
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def pending_summary(session: AsyncSession) -> tuple[int, datetime | None]:
    """How many rows wait to be sent, and when the oldest of them was queued (metrics)."""
    pending = col(Outbox.status) == OutboxStatus.PENDING
    statement = select(func.count(), func.min(col(Outbox.created_at))).where(pending)
    count, oldest = (await session.exec(statement)).one()
    return int(count), oldest
