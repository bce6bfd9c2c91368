"""Claiming outbox rows so that each chat gets its messages in the order they were queued.

Only a chat's *head* (its oldest pending row) can be claimed, so a row waiting for a retry,
or leased to a sender that is delivering it, holds back the rows behind it. A claim leases
the row (hides it until `now + lease`) and is committed at once: a sender that dies while
sending leaves the row to be retried when the lease ends. On PostgreSQL the claim query
skips rows locked by another process claiming at the same moment.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, bindparam, func
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.messaging import Outbox, OutboxStatus

PENDING = OutboxStatus.PENDING


def _heads() -> ColumnElement[bool]:
    """A pending row with no older pending row in its chat, its chat not in `:skip_chats`."""
    earlier = aliased(Outbox)
    older_pending = select(earlier.id).where(
        col(earlier.chat_id) == col(Outbox.chat_id),
        col(earlier.status) == PENDING,
        col(earlier.id) < col(Outbox.id),
    )
    skipped = col(Outbox.chat_id).in_(bindparam("skip_chats", expanding=True))
    return and_(col(Outbox.status) == PENDING, ~older_pending.exists(), ~skipped)


# Built once: the sender runs these on every pass, and building them costs more than
# running them (about half a millisecond each).
_HEADS = _heads()
_CLAIM_HEADS = (
    select(Outbox)
    .where(_HEADS, col(Outbox.next_attempt_at) <= bindparam("now"))
    .order_by(col(Outbox.id))
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_NEXT_HEAD_DUE = select(func.min(Outbox.next_attempt_at)).where(_HEADS)


async def claim_heads(
    session: AsyncSession,
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
    skip_chats: Collection[str] = (),
) -> list[Outbox]:
    """Up to `limit` due heads of different chats (not in `skip_chats`), oldest first."""
    params = {"now": now, "limit": limit, "skip_chats": list(skip_chats)}
    rows = list((await session.exec(_CLAIM_HEADS, params=params)).all())
    return _lease(session, rows, now + lease)


async def next_head_due(
    session: AsyncSession, *, skip_chats: Collection[str] = ()
) -> datetime | None:
    """When the earliest head of a chat not in `skip_chats` is due (None: nothing pending)."""
    params = {"skip_chats": list(skip_chats)}
    due: datetime | None = (await session.exec(_NEXT_HEAD_DUE, params=params)).one()
    return due


async def claim_followers(
    session: AsyncSession, *, head: Outbox, now: datetime, lease: timedelta, limit: int
) -> list[Outbox]:
    """Due rows queued right behind a claimed head in its chat, to batch into one message."""
    query = (
        select(Outbox)
        .where(col(Outbox.chat_id) == head.chat_id, col(Outbox.status) == PENDING)
        .where(col(Outbox.id) > head.id, col(Outbox.next_attempt_at) <= now)
        .order_by(col(Outbox.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return _lease(session, list((await session.exec(query)).all()), now + lease)


def _lease(session: AsyncSession, rows: list[Outbox], until: datetime) -> list[Outbox]:
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = until
        session.add(row)
    return rows
