"""The inbound log: every message recorded once, so a redelivery is handled once.

The recording runs for every message, so these are Core statements on the table (no ORM
unit of work), each built once per dialect and executed with parameters.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud._dialect import dialect_name
from models.messaging import InboundMessage

_TABLE: Table = InboundMessage.__table__  # type: ignore[attr-defined]


@cache
def _record_statement(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_TABLE).on_conflict_do_nothing(index_elements=["platform", "message_id"])


_FINISH = (
    _TABLE.update()
    .where(_TABLE.c.platform == bindparam("key_platform"))
    .where(_TABLE.c.message_id == bindparam("key_message_id"))
    .values(
        handled_at=bindparam("handled_at"),
        outcome=bindparam("outcome"),
        error=bindparam("error"),
    )
)


async def record_inbound(session: AsyncSession, *, row: dict[str, Any]) -> bool:
    """Record a message (an `inbound_row`, with how it ended if known); False if this
    platform message was already recorded (a redelivery)."""
    connection = await session.connection()
    result = await connection.execute(_record_statement(dialect_name(session)), row)
    return result.rowcount == 1


def inbound_row(
    *,
    platform: str,
    message_id: str,
    chat_id: str,
    sender_id: str,
    text: str,
    received_at: datetime,
    outcome: str | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    return {
        "platform": platform,
        "message_id": message_id,
        "chat_id": chat_id,
        "sender_id": sender_id,
        "text": text,
        "received_at": received_at,
        "handled_at": received_at if outcome is not None else None,
        "outcome": outcome,
        "error": error,
    }


async def record_inbound_rows(session: AsyncSession, *, rows: list[dict[str, Any]]) -> None:
    """Record several messages in one statement (`inbound_row`s); ones recorded before stay."""
    if rows:
        connection = await session.connection()
        await connection.execute(_record_statement(dialect_name(session)), rows)


async def finish_inbound(
    session: AsyncSession,
    *,
    platform: str,
    message_id: str,
    at: datetime,
    outcome: str,
    error: str | None = None,
) -> None:
    """Note how a recorded message ended: "handled" or "failed" (with the error)."""
    connection = await session.connection()
    await connection.execute(
        _FINISH,
        {
            "key_platform": platform,
            "key_message_id": message_id,
            "handled_at": at,
            "outcome": outcome,
            "error": error,
        },
    )


async def mark_handled(
    session: AsyncSession, *, platform: str, message_id: str, at: datetime
) -> None:
    await session.exec(
        update(InboundMessage)
        .where(col(InboundMessage.platform) == platform)
        .where(col(InboundMessage.message_id) == message_id)
        .values(handled_at=at)
    )


async def delete_inbound_before(session: AsyncSession, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` of the oldest rows received before `before`; how many. On
    PostgreSQL rows another process is deleting are skipped, not waited for."""
    oldest = (
        select(_TABLE.c.id)
        .where(_TABLE.c.received_at < before)
        .order_by(_TABLE.c.received_at)
        .limit(limit)
    )
    if dialect_name(session) == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    connection = await session.connection()
    result = await connection.execute(
        _TABLE.delete().where(_TABLE.c.id.in_(oldest.scalar_subquery()))
    )
    return result.rowcount


async def get_inbound(
    session: AsyncSession, *, platform: str, message_id: str
) -> InboundMessage | None:
    statement = select(InboundMessage).where(
        InboundMessage.platform == platform, InboundMessage.message_id == message_id
    )
    return (await session.exec(statement)).first()
