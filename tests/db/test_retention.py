"""The inbound log is kept bounded: rows older than the retention go, in batches; the
rest, and the redelivery check they serve, stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.clock import FrozenClock
from bot.retention import InboundRetention
from models.crud.inbound import inbound_row, record_inbound, record_inbound_rows
from models.db import sessionmaker
from models.messaging import InboundMessage
from tests.factories import T0


def _row(number: int, days_ago: float) -> dict[str, object]:
    return inbound_row(
        platform="wechat",
        message_id=f"m{number}",
        chat_id="room-1",
        sender_id="wx-1",
        text="好的",
        received_at=T0 - timedelta(days=days_ago),
    )


async def test_rows_older_than_the_retention_are_deleted_in_batches(engine: AsyncEngine) -> None:
    sessions = sessionmaker(engine)
    async with sessions() as session, session.begin():
        old = [_row(n, 31 + n / 10) for n in range(10)]
        recent = [_row(100 + n, 29 - n) for n in range(3)]
        await record_inbound_rows(session, rows=old + recent)
    retention = InboundRetention(sessions, FrozenClock(T0), keep=timedelta(days=30), batch=3)

    assert await retention.run_once() == 10
    assert await retention.run_once() == 0

    async with sessions() as session:
        left = (
            await session.exec(select(InboundMessage.message_id).order_by(col(InboundMessage.id)))
        ).all()
        assert list(left) == ["m100", "m101", "m102"]
        # A redelivery of a kept message is still recognised.
        assert not await record_inbound(session, row=_row(101, 0))
