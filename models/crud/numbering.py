"""Event numbers ("2026-0042"): per year, gap-free within committed work, safe under concurrency."""

from __future__ import annotations

from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud._dialect import upsert
from models.event import EventCounter


def format_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:04d}"


async def next_event_number(session: AsyncSession, *, year: int) -> str:
    """Take the next number of `year`.

    One atomic upsert: on PostgreSQL the counter row stays locked until this transaction
    ends, on SQLite the write lock does the same, so two reports never share a number.
    """
    last = col(EventCounter.last)
    statement = (
        upsert(session, EventCounter)
        .values(year=year, last=1)
        .on_conflict_do_update(index_elements=["year"], set_={"last": last + 1})
        .returning(last)
    )
    sequence = (await session.exec(statement)).scalar_one()
    return format_number(year, int(sequence))
