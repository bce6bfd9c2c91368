"""Every landlord grid as a `PlaceCandidate`, for matching the place in "绑定 …"."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.onboarding.places import PlaceCandidate
from models.grid import Community, LandlordGrid, LandlordGridBuilding


async def place_candidates(session: AsyncSession) -> list[PlaceCandidate]:
    communities = {c.id: c for c in (await session.exec(select(Community))).all()}
    buildings: defaultdict[int, list[str]] = defaultdict(list)
    rows = await session.exec(select(LandlordGridBuilding).order_by(col(LandlordGridBuilding.id)))
    for row in rows.all():
        buildings[row.landlord_grid_id].append(row.building)
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
