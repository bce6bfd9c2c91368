"""Every landlord grid as a `PlaceCandidate`, for matching the place in "绑定 …"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.grid import buildings_by_grid
from models.grid import Community, LandlordGrid


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    code: str
    name: str
    community: str
    aliases: tuple[str, ...]
    buildings: tuple[str, ...]


async def place_candidates(session: AsyncSession) -> list[PlaceCandidate]:
    communities = {c.id: c for c in (await session.exec(select(Community))).all()}
    buildings = await buildings_by_grid(session)
    grids = (await session.exec(select(LandlordGrid).order_by(col(LandlordGrid.code)))).all()
    candidates = []
    for grid in grids:
        community = communities[grid.community_id]
        candidates.append(
            PlaceCandidate(
                code=grid.code,
                name=grid.name,
                community=community.name,
                aliases=tuple(community.aliases),
                buildings=tuple(buildings[grid.id or 0]),
            )
        )
    return candidates
