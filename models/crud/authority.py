"""Who may manage a landlord grid's group: its leader, a worker above it, community staff."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.grid import responsible_ladder
from models.grid import LandlordGrid
from models.person import Person


async def may_manage(session: AsyncSession, *, person: Person | None, grid: LandlordGrid) -> bool:
    """Only people tied to the directory count: a chat name or a claim in chat never does."""
    if person is None or person.id is None or person.key is None or grid.id is None:
        return False
    ladder = await responsible_ladder(session, landlord_grid_id=grid.id)
    return any(rung.person.id == person.id for rung in ladder)
