"""Claiming outbox rows so that each chat gets its messages in the order they were queued.

Only a chat's *head* (its oldest pending row) can be claimed, so a row waiting for a retry,
or leased to a sender that is delivering it, holds back the rows behind it. A claim leases
the rows (hides them until `now + lease`), names the claiming process (`claimed_by`) and is
committed at once. A sender that dies while sending stops its process's heartbeat, and the
others make its rows due again within seconds (bot/liveness.py); the lease is the fallback
for a sender with no process row.

A claim is one statement: `WITH claimed AS (SELECT id ... LIMIT n FOR UPDATE SKIP LOCKED)
UPDATE ... WHERE id IN claimed RETURNING` what sending needs, read once (no ORM objects,
no second statement to lease them). On PostgreSQL the CTE locks the rows it picks and
skips rows another process is claiming at the same moment (a CTE with FOR UPDATE is
evaluated once, where an `IN (subquery ... LIMIT)` may be re-run by the planner and pick
more rows than asked); SQLite has a single writer and ignores FOR UPDATE.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    FromClause,
    Table,
    Update,
    and_,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from models.messaging import Outbox, OutboxStatus

PENDING = OutboxStatus.PENDING
_TABLE: Table = Outbox.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Claimed:
    """A leased outbox row: what sending it, and recording a failure, need."""

    id: int
    attempts: int  # this claim included
    chat_kind: str
    chat_id: str
    text: str
    mention_ids: list[str]
    behind: bool  # a pending row of its chat was queued after it (when claimed)
    account: str = "main"  # the chat account it goes out on (bot/accounts.py)


def _heads(table: FromClause) -> ColumnElement[bool]:
    """A pending row with no older pending row in its chat, its chat not in `:skip_chats`.

    A row held for the end of the quiet hours (`hold`) holds nothing back: the answer to a
    person who writes at night goes out at once, the held message in the morning."""
    earlier = _TABLE.alias("earlier")
    older_pending = select(earlier.c.id).where(
        earlier.c.chat_id == table.c.chat_id,
        earlier.c.status == PENDING,
        earlier.c.id < table.c.id,
        earlier.c.hold.is_(False),
    )
    skipped = table.c.chat_id.in_(bindparam("skip_chats", expanding=True))
    return and_(table.c.status == PENDING, ~older_pending.exists(), ~skipped)


# Whether a claimed row has a pending row behind it, so the sender knows whether claiming
# again is likely to find work. Written out: SQLAlchemy's SQLite compiler drops table
# names throughout RETURNING, subqueries included (`later.id > outbox.id` became `id > id`).
_BEHIND = literal_column(
    "EXISTS (SELECT 1 FROM outbox AS later WHERE later.chat_id = outbox.chat_id"
    f" AND later.status = '{PENDING.value}' AND later.id > outbox.id)",
    Boolean,
).label("behind")


def _leasing(candidate: FromClause, picks: ColumnElement[bool]) -> Update:
    """Lease the due rows of `candidate` that `picks` (up to `:limit`, oldest first) until
    `:until`, returning what sending them needs."""
    picked = (
        select(candidate.c.id)
        .where(picks, candidate.c.next_attempt_at <= bindparam("now"))
        .order_by(candidate.c.id)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
        .cte("claimed")
    )
    columns = _TABLE.c
    return (
        _TABLE.update()
        .where(columns.id.in_(select(picked.c.id)))
        .values(
            attempts=columns.attempts + 1,
            next_attempt_at=bindparam("until"),
            claimed_by=bindparam("owner"),
        )
        .returning(
            columns.id,
            columns.attempts,
            columns.chat_kind,
            columns.chat_id,
            columns.text,
            columns.mention_ids,
            _BEHIND,
            columns.account,
        )
    )


def _claim_followers() -> Update:
    """Due rows queued right behind a claimed head (`:head_chat`, ids after `:after`)."""
    rows = _TABLE.alias("candidate")
    picks = and_(
        rows.c.chat_id == bindparam("head_chat"),
        rows.c.status == PENDING,
        rows.c.id > bindparam("after"),
    )
    return _leasing(rows, picks)


# Built once: the sender runs these on every pass, and building them costs more than
# running them (about half a millisecond each).
_HEAD_CANDIDATE = _TABLE.alias("candidate")
_CLAIM_HEADS = _leasing(_HEAD_CANDIDATE, _heads(_HEAD_CANDIDATE))
_CLAIM_FOLLOWERS = _claim_followers()
_NEXT_HEAD_DUE = select(func.min(_TABLE.c.next_attempt_at)).where(_heads(_TABLE))


async def claim_heads(
    session: AsyncSession,
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
    skip_chats: Collection[str] = (),
    owner: int | None = None,
) -> list[Claimed]:
    """Up to `limit` due heads of different chats (not in `skip_chats`), oldest first,
    claimed by the process `owner` (models/processes.BotProcess; None: no process row)."""
    params = {
        "now": now,
        "until": now + lease,
        "limit": limit,
        "skip_chats": list(skip_chats),
        "owner": owner,
    }
    return await _claim(session, _CLAIM_HEADS, params)


async def claim_followers(
    session: AsyncSession,
    *,
    head: Claimed,
    now: datetime,
    lease: timedelta,
    limit: int,
    owner: int | None = None,
) -> list[Claimed]:
    """Due rows queued right behind a claimed head in its chat, to batch into one message."""
    params = {
        "owner": owner,
        "now": now,
        "until": now + lease,
        "limit": limit,
        "head_chat": head.chat_id,
        "after": head.id,
    }
    return await _claim(session, _CLAIM_FOLLOWERS, params)


async def next_head_due(
    session: AsyncSession, *, skip_chats: Collection[str] = ()
) -> datetime | None:
    """When the earliest head of a chat not in `skip_chats` is due (None: nothing pending)."""
    connection = await session.connection()
    result = await connection.execute(_NEXT_HEAD_DUE, {"skip_chats": list(skip_chats)})
    due: datetime | None = result.scalar_one()
    return due


async def _claim(session: AsyncSession, statement: Update, params: dict[str, Any]) -> list[Claimed]:
    connection = await session.connection()
    rows = (await connection.execute(statement, params)).all()
    # RETURNING comes in no promised order; the sender relies on oldest first.
    return sorted((Claimed(*row) for row in rows), key=lambda claimed: claimed.id)
