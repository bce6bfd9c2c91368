"""The inbound log: every message recorded before handling, so a redelivery is handled once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud._dialect import upsert
from models.messaging import InboundMessage


async def record_inbound(
    session: AsyncSession,
    *,
    platform: str,
    message_id: str,
    chat_id: str,
    sender_id: str,
    text: str,
    received_at: datetime,
) -> bool:
    """Record a message; False if this platform message was already recorded (a redelivery)."""
    statement = (
        upsert(session, InboundMessage)
        .values(
            platform=platform,
            message_id=message_id,
            chat_id=chat_id,
            sender_id=sender_id,
            text=text,
            received_at=received_at,
        )
        .on_conflict_do_nothing(index_elements=["platform", "message_id"])
    )
    result = await session.exec(statement)
    return result.rowcount == 1


async def mark_handled(
    session: AsyncSession, *, platform: str, message_id: str, at: datetime
) -> None:
    await session.exec(
        update(InboundMessage)
        .where(col(InboundMessage.platform) == platform)
        .where(col(InboundMessage.message_id) == message_id)
        .values(handled_at=at)
    )


async def get_inbound(
    session: AsyncSession, *, platform: str, message_id: str
) -> InboundMessage | None:
    statement = select(InboundMessage).where(
        InboundMessage.platform == platform, InboundMessage.message_id == message_id
    )
    return (await session.exec(statement)).first()
