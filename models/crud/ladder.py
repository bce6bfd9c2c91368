"""The one query behind the escalation ladder: who is named at each level of a landlord grid."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.levels import LADDER, Level


async def ladder_of(session: AsyncSession, *, landlord_grid_id: int) -> dict[Level, int]:
    """Person ids by level, bottom (the leader) to top (community staff); a level whose
    place names nobody is left out. One statement."""
    statement = (
        select(
            col(LandlordGrid.leader_id),
            col(MicroGrid.worker_id),
            col(Grid.worker_id),
            col(Community.staff_id),
        )
        .join(MicroGrid, col(MicroGrid.id) == col(LandlordGrid.micro_grid_id))
        .join(Grid, col(Grid.id) == col(MicroGrid.grid_id))
        .join(Community, col(Community.id) == col(Grid.community_id))
        .where(col(LandlordGrid.id) == landlord_grid_id)
    )
    ids = (await session.exec(statement)).one()
    return {
        level: person_id
        for level, person_id in zip(LADDER, ids, strict=True)
        if person_id is not None
    }
