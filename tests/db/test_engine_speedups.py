"""The SQLite inline cursor and the remembered default factories change speed, not results."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError

from models import default_factories
from models.db import create_engine
from models.messaging import InboundMessage
from models.migrate import upgrade_async
from models.person import Person
from models.sqlite_inline import InlineConnection

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _row(message_id: str) -> dict[str, object]:
    return {
        "platform": "wechat",
        "message_id": message_id,
        "chat_id": "room",
        "sender_id": "wx",
        "text": "hi",
        "received_at": T0,
    }


async def test_sqlite_statements_report_rows_counts_and_errors_as_before(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'one_trip.db'}"
    await upgrade_async(url)
    engine = create_engine(url)
    table = InboundMessage.__table__  # type: ignore[attr-defined]
    try:
        async with engine.begin() as connection:
            raw = await connection.get_raw_connection()
            assert isinstance(raw.driver_connection, InlineConnection)
            added = await connection.execute(insert(table), [_row("m1"), _row("m2"), _row("m3")])
            assert added.rowcount == 3
            one = await connection.execute(insert(table).values(_row("m4")))
            assert one.inserted_primary_key is not None and one.inserted_primary_key[0] == 4
            changed = await connection.execute(
                update(table).where(table.c.message_id.in_(["m1", "m2"])).values(outcome="x")
            )
            assert changed.rowcount == 2
            ids = (await connection.execute(select(table.c.message_id))).scalars().all()
            assert sorted(ids) == ["m1", "m2", "m3", "m4"]
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(insert(table).values(_row("m1")))
        async with engine.connect() as connection:  # the failed one left it usable
            count = await connection.execute(text("select count(*) from inbound_message"))
            assert count.scalar_one() == 4
    finally:
        await engine.dispose()


def test_remembered_default_factories_answer_as_pydantic_does() -> None:
    from pydantic._internal import _fields

    assert _fields.takes_validated_data_argument is default_factories.takes_validated_data
    assert default_factories.takes_validated_data(list) is False
    assert default_factories.takes_validated_data(lambda data: data["name"]) is True
    first, second = Person(name="a"), Person(name="b")
    first.roles.append("landlord")
    assert second.roles == []  # a fresh list each time, not one remembered value
    assert first.created_at is not None and first.created_at.tzinfo is not None


async def test_sqlite_write_waits_for_another_writer_without_blocking_the_loop(
    tmp_path: Path,
) -> None:
    """A lock held by another process's writer: the statement waits in aiosqlite's thread
    (the loop keeps running other tasks) and goes through once the lock is released."""
    import asyncio
    import sqlite3

    path = tmp_path / "locked.db"
    url = f"sqlite+aiosqlite:///{path}"
    await upgrade_async(url)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the write lock, as a CLI import would hold it
    engine = create_engine(url)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    async def release_later() -> None:
        await asyncio.sleep(0.2)
        other.execute("COMMIT")

    table = InboundMessage.__table__  # type: ignore[attr-defined]
    ticking = asyncio.create_task(ticker())
    releasing = asyncio.create_task(release_later())
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(table).values(_row("while-locked")))
        await releasing
        ticks_while_waiting = ticks
        async with engine.connect() as connection:
            stored = await connection.execute(select(table.c.message_id))
            assert stored.scalars().all() == ["while-locked"]
        assert ticks_while_waiting >= 5  # the loop ran while the insert waited
    finally:
        ticking.cancel()
        other.close()
        await engine.dispose()
