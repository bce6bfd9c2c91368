"""Grid look-ups: which landlord grid a chat or a building belongs to (who answers for it:
models/crud/ladder.py)."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Community, LandlordGrid, LandlordGridBuilding


async def landlord_grid_by_code(session: AsyncSession, *, code: str) -> LandlordGrid | None:
    return (await session.exec(select(LandlordGrid).where(LandlordGrid.code == code))).first()


async def landlord_grid_by_group_chat(
    session: AsyncSession, *, chat_id: str
) -> LandlordGrid | None:
    statement = select(LandlordGrid).where(LandlordGrid.group_chat == chat_id)
    return (await session.exec(statement)).first()


async def landlord_grid_by_building(
    session: AsyncSession, *, community_id: int, building: str
) -> LandlordGrid | None:
    statement = (
        select(LandlordGrid)
        .join(LandlordGridBuilding, col(LandlordGridBuilding.landlord_grid_id) == LandlordGrid.id)
        .where(LandlordGridBuilding.community_id == community_id)
        .where(LandlordGridBuilding.building == building)
    )
    return (await session.exec(statement)).first()


async def buildings_of(session: AsyncSession, *, landlord_grid_id: int) -> list[str]:
    statement = (
        select(LandlordGridBuilding.building)
        .where(LandlordGridBuilding.landlord_grid_id == landlord_grid_id)
        .order_by(col(LandlordGridBuilding.id))
    )
    return list((await session.exec(statement)).all())


async def buildings_by_grid(session: AsyncSession) -> defaultdict[int, list[str]]:
    """Every landlord grid's buildings in the order they were stored, by landlord grid id."""
    buildings: defaultdict[int, list[str]] = defaultdict(list)
    statement = select(LandlordGridBuilding).order_by(col(LandlordGridBuilding.id))
    for row in (await session.exec(statement)).all():
        buildings[row.landlord_grid_id].append(row.building)
    return buildings


async def community_by_code(session: AsyncSession, *, code: str) -> Community | None:
    return (await session.exec(select(Community).where(Community.code == code))).first()


async def list_communities(session: AsyncSession) -> list[Community]:
    return list((await session.exec(select(Community).order_by(col(Community.code)))).all())


async def community_of(session: AsyncSession, *, landlord_grid: LandlordGrid) -> Community:
    return await session.get_one(Community, landlord_grid.community_id)


async def communities_in_order(session: AsyncSession) -> list[Community]:
    """Every community in the order it was stored."""
    return list((await session.exec(select(Community).order_by(col(Community.id)))).all())


async def landlord_grid_ids_with_building(session: AsyncSession, *, building: str) -> set[int]:
    """The landlord grids that have a building of this number, in any community."""
    statement = select(LandlordGridBuilding.landlord_grid_id).where(
        LandlordGridBuilding.building == building
    )
    return set((await session.exec(statement)).all())


async def landlord_grids_led_by(session: AsyncSession, *, person_id: int) -> list[LandlordGrid]:
    statement = select(LandlordGrid).where(LandlordGrid.leader_id == person_id)
    return list((await session.exec(statement)).all())
