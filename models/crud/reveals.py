"""The reporter of an anonymous clue (线索举报), revealed only with a purpose on record."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import ReporterReveal
from models.event import Event
from models.person import Person


async def reveal_reporter(
    session: AsyncSession, *, event: Event, viewer_id: int, purpose: str, now: datetime
) -> Person | None:
    """The first reporter, and the audit row saying who asked and why (written even when
    nobody is known: a web-form clue has no account behind it)."""
    assert event.id is not None
    session.add(
        ReporterReveal(event_id=event.id, viewer_id=viewer_id, purpose=purpose, revealed_at=now)
    )
    await session.flush()
    return await session.get(Person, event.reporter_id) if event.reporter_id else None


async def reveals_of(session: AsyncSession, *, event_id: int) -> list[ReporterReveal]:
    statement = (
        select(ReporterReveal)
        .where(ReporterReveal.event_id == event_id)
        .order_by(col(ReporterReveal.revealed_at), col(ReporterReveal.id))
    )
    return list((await session.exec(statement)).all())
