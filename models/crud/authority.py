"""Who may manage a landlord grid's group: its leader, a worker above it, community staff."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.ladder import ladder_of
from models.grid import LandlordGrid
from models.person import Person


async def may_manage(session: AsyncSession, *, person: Person | None, grid: LandlordGrid) -> bool:
    """Only people tied to the directory count: a chat name or a claim in chat never does."""
    if person is None or person.id is None or person.key is None or grid.id is None:
        return False
    return person.id in (await ladder_of(session, landlord_grid_id=grid.id)).values()
