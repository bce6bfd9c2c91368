"""Reading and pruning the change log the triggers write (models/changes.py).

`changes_after` runs for every message (caches ask what changed since they last looked),
so these are Core statements built once, executed with parameters.

On PostgreSQL a transaction that took a lower seq may commit after one that took a higher
seq (and rolled-back transactions leave gaps): a reader that must not miss a change keeps
that in mind; these functions only report what is committed and visible now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, bindparam, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.changes import Change

_TABLE: Table = Change.__table__  # type: ignore[attr-defined]
_AFTER = (
    select(_TABLE.c.seq, _TABLE.c.area, _TABLE.c.key)
    .where(_TABLE.c.seq > bindparam("seq"))
    .order_by(_TABLE.c.seq)
    .limit(bindparam("limit"))
)
_MISSING = select(_TABLE.c.seq, _TABLE.c.area, _TABLE.c.key).where(
    _TABLE.c.seq.in_(bindparam("seqs", expanding=True))
)
_LATEST = select(func.coalesce(func.max(_TABLE.c.seq), 0))
_PRUNE = _TABLE.delete().where(_TABLE.c.at < bindparam("before", type_=_TABLE.c.at.type))


async def changes_after(
    session: AsyncSession, *, seq: int, limit: int = 10_000
) -> list[tuple[int, str, str]]:
    """(seq, area, key) of the changes after `seq`, oldest first, at most `limit` of them."""
    connection = await session.connection()
    result = await connection.execute(_AFTER, {"seq": seq, "limit": limit})
    return [(row[0], row[1], row[2]) for row in result]


async def changes_among(session: AsyncSession, *, seqs: list[int]) -> list[tuple[int, str, str]]:
    """(seq, area, key) of those of `seqs` that are visible now (numbers a reader skipped)."""
    if not seqs:
        return []
    connection = await session.connection()
    result = await connection.execute(_MISSING, {"seqs": seqs})
    return [(row[0], row[1], row[2]) for row in result]


async def latest_change(session: AsyncSession) -> int:
    """The highest seq logged so far, 0 on an empty log (where a new cache starts reading)."""
    connection = await session.connection()
    return int((await connection.execute(_LATEST)).scalar_one())


async def prune_changes(session: AsyncSession, *, before: datetime) -> int:
    """Delete the changes logged before `before`; how many were deleted."""
    connection = await session.connection()
    result = await connection.execute(_PRUNE, {"before": before})
    return result.rowcount
