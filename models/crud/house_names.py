"""How the directory names the houses events are at: one read for any number of events."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import LandlordGrid, LandlordGridBuilding


@dataclass(frozen=True, slots=True)
class HouseName:
    """A landlord grid's name, and whether that name covers several buildings (then a
    place in it also says which building)."""

    name: str
    several_buildings: bool


async def house_names(
    session: AsyncSession, *, landlord_grid_ids: Collection[int]
) -> dict[int, HouseName]:
    if not landlord_grid_ids:
        return {}
    buildings = func.count(col(LandlordGridBuilding.id))
    statement = (
        select(LandlordGrid.id, LandlordGrid.name, buildings)
        .outerjoin(
            LandlordGridBuilding, col(LandlordGridBuilding.landlord_grid_id) == LandlordGrid.id
        )
        .where(col(LandlordGrid.id).in_(list(landlord_grid_ids)))
        .group_by(col(LandlordGrid.id), col(LandlordGrid.name))
    )
    rows = (await session.exec(statement)).all()
    return {grid_id: HouseName(name, count > 1) for grid_id, name, count in rows if grid_id}


async def house_name(session: AsyncSession, *, landlord_grid_id: int | None) -> HouseName | None:
    if landlord_grid_id is None:
        return None
    return (await house_names(session, landlord_grid_ids=[landlord_grid_id])).get(landlord_grid_id)
