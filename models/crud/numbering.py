"""Event numbers ("2026-0042"): per year, gap-free within committed work, safe under concurrency."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from models.event import EventCounter

_TABLE: Table = EventCounter.__table__  # type: ignore[attr-defined]


def format_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:04d}"


@cache
def _take(dialect: str) -> Any:
    # Built once per dialect and executed with the year: every new event takes a number.
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    last = _TABLE.c["last"]
    return (
        insert(_TABLE)
        .values(year=bindparam("year"), last=1)
        .on_conflict_do_update(index_elements=["year"], set_={"last": last + 1})
        .returning(last)
    )


async def next_event_number(session: AsyncSession, *, year: int) -> str:
    """Take the next number of `year`.

    One atomic upsert: on PostgreSQL the counter row stays locked until this transaction
    ends, on SQLite the write lock does the same, so two reports never share a number.
    """
    return await session.run_sync(take_number, year=year)


def take_number(session: Session, *, year: int) -> str:
    """`next_event_number` for code already in the session's sync side (`run_sync`)."""
    statement = _take(session.get_bind().dialect.name)
    sequence = session.execute(statement, {"year": year}).scalar_one()
    return format_number(year, int(sequence))
