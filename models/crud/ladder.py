"""The one query behind the escalation ladder: who is named at each level of a landlord grid."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.levels import LADDER, Level

_LADDERS = (
    select(
        col(LandlordGrid.id),
        col(LandlordGrid.leader_id),
        col(MicroGrid.worker_id),
        col(Grid.worker_id),
        col(Community.staff_id),
    )
    .join(MicroGrid, col(MicroGrid.id) == col(LandlordGrid.micro_grid_id))
    .join(Grid, col(Grid.id) == col(MicroGrid.grid_id))
    .join(Community, col(Community.id) == col(Grid.community_id))
)


async def ladder_of(session: AsyncSession, *, landlord_grid_id: int) -> dict[Level, int]:
    """Person ids by level, bottom (the leader) to top (community staff); a level whose
    place names nobody is left out. One statement."""
    return (await ladders_of(session, landlord_grid_ids=[landlord_grid_id]))[landlord_grid_id]


async def ladders_of(
    session: AsyncSession, *, landlord_grid_ids: Collection[int]
) -> dict[int, dict[Level, int]]:
    """`ladder_of` for several landlord grids in one statement (the follow-up worker's
    batch), by landlord grid id."""
    if not landlord_grid_ids:
        return {}
    statement = _LADDERS.where(col(LandlordGrid.id).in_(list(landlord_grid_ids)))
    connection = await session.connection()
    ladders: dict[int, dict[Level, int]] = {}
    for grid_id, *ids in (await connection.execute(statement)).all():
        assert grid_id is not None  # the primary key
        ladders[grid_id] = {
            level: person_id
            for level, person_id in zip(LADDER, ids, strict=True)
            if person_id is not None
        }
    return ladders
