"""Load a `Directory` into the database: an idempotent upsert inside the caller's transaction.

Entries are matched by key/code and updated in place; nothing absent from the directory
is deleted. Conflicts with what is already stored raise `DirectoryError` naming the entry.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.directory import Directory, Known
from models.crud._sync_common import SyncStats, assign, ids_by_code
from models.crud.directory_people import sync_homes, sync_people
from models.crud.directory_places import sync_landlord_grids
from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.person import Person

__all__ = ["SyncStats", "directory_is_empty", "known_codes", "sync_directory"]

_Coded = TypeVar("_Coded", Community, Grid, MicroGrid)


async def _codes(session: AsyncSession, column: Any) -> frozenset[str]:
    return frozenset(str(v) for v in (await session.exec(select(column))).all() if v is not None)


async def known_codes(session: AsyncSession) -> Known:
    """What the database already holds, so an import may refer to it."""
    return Known(
        people=await _codes(session, col(Person.key)),
        communities=await _codes(session, col(Community.code)),
        grids=await _codes(session, col(Grid.code)),
        micro_grids=await _codes(session, col(MicroGrid.code)),
        landlord_grids=await _codes(session, col(LandlordGrid.code)),
    )


async def directory_is_empty(session: AsyncSession) -> bool:
    """No community stored yet: the first run, when `gridbot run` loads the config's directory."""
    return (await session.exec(select(Community.id).limit(1))).first() is None


async def sync_directory(session: AsyncSession, *, directory: Directory) -> SyncStats:
    stats = SyncStats()
    people = await sync_people(session, entries=directory.people, stats=stats)
    communities = await ids_by_code(session, Community)
    for c in directory.communities:
        values = {"name": c.name, "aliases": list(c.aliases), "staff_id": _id(people, c.staff)}
        communities[c.code] = await _upsert(session, stats, Community, c.code, values)
    grids = await ids_by_code(session, Grid)
    for g in directory.grids:
        values = {
            "community_id": communities[g.community],
            "name": g.name,
            "worker_id": _id(people, g.worker),
        }
        grids[g.code] = await _upsert(session, stats, Grid, g.code, values)
    micro_grids = await ids_by_code(session, MicroGrid)
    for m in directory.micro_grids:
        values = {"grid_id": grids[m.grid], "name": m.name, "worker_id": _id(people, m.worker)}
        micro_grids[m.code] = await _upsert(session, stats, MicroGrid, m.code, values)
    landlord_grids = await sync_landlord_grids(
        session,
        entries=directory.landlord_grids,
        micro_grids=micro_grids,
        people=people,
        stats=stats,
    )
    await sync_homes(
        session, entries=directory.people, people=people, landlord_grids=landlord_grids, stats=stats
    )
    return stats


def _id(people: dict[str, int], key: str | None) -> int | None:
    return None if key is None else people[key]


async def _upsert(
    session: AsyncSession,
    stats: SyncStats,
    model: type[_Coded],
    code: str,
    values: dict[str, Any],
) -> int:
    """Create or update the row with this code; count what changed under its table's name."""
    table = str(model.__tablename__)
    row = (await session.exec(select(model).where(model.code == code))).first()
    if row is None:
        row = model(code=code, **values)
        stats.created[table] += 1
    elif assign(row, values):
        stats.updated[table] += 1
    session.add(row)
    await session.flush()
    assert row.id is not None  # flushed
    return row.id
