"""Marking people away (with a deputy) and reading who is away at a moment."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.away import PersonAway


async def set_away(
    session: AsyncSession,
    *,
    person_id: int,
    until: datetime,
    deputy_id: int | None,
    at: datetime,
    note: str | None = None,
) -> PersonAway:
    """Mark `person_id` away until `until`, replacing an earlier mark."""
    if deputy_id == person_id:
        raise ValueError("a person cannot be their own deputy")
    row = await session.get(PersonAway, person_id)
    if row is None:
        row = PersonAway(person_id=person_id, until=until)
    row.until, row.deputy_id, row.note, row.set_at = until, deputy_id, note, at
    session.add(row)
    await session.flush()
    return row


async def clear_away(session: AsyncSession, *, person_id: int) -> bool:
    """Back early; False when the person was not marked away."""
    statement = delete(PersonAway).where(col(PersonAway.person_id) == person_id)
    result = await session.exec(statement)
    return bool(result.rowcount)


async def away_at(
    session: AsyncSession, *, person_ids: Collection[int], now: datetime
) -> dict[int, PersonAway]:
    """The away marks in force at `now` among `person_ids`, by person."""
    if not person_ids:
        return {}
    statement = (
        select(PersonAway)
        .where(col(PersonAway.person_id).in_(list(person_ids)))
        .where(col(PersonAway.until) > now)
    )
    return {row.person_id: row for row in (await session.exec(statement)).all()}


async def standing_in_for(
    session: AsyncSession, *, deputy_id: int, now: datetime
) -> list[PersonAway]:
    """The away marks in force whose deputy is `deputy_id`."""
    statement = (
        select(PersonAway)
        .where(PersonAway.deputy_id == deputy_id)
        .where(col(PersonAway.until) > now)
        .order_by(col(PersonAway.person_id))
    )
    return list((await session.exec(statement)).all())
