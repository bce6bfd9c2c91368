"""Grid look-ups: which landlord grid a chat or a building belongs to, and who answers for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Community, Grid, LandlordGrid, LandlordGridBuilding, MicroGrid
from models.person import Person


class Level(StrEnum):
    LANDLORD_GRID = "landlord_grid"
    MICRO_GRID = "micro_grid"
    GRID = "grid"
    COMMUNITY = "community"


@dataclass(frozen=True)
class Rung:
    """One step of the escalation ladder: the level, its code and name, and its person."""

    level: Level
    code: str
    name: str
    person: Person


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


async def responsible_ladder(session: AsyncSession, *, landlord_grid_id: int) -> list[Rung]:
    """Leader → micro-grid worker → grid worker → community staff; levels with nobody are
    left out, so index 0 is always whoever answers first."""
    lg = await session.get_one(LandlordGrid, landlord_grid_id)
    micro = await session.get_one(MicroGrid, lg.micro_grid_id)
    grid = await session.get_one(Grid, micro.grid_id)
    community = await session.get_one(Community, grid.community_id)
    steps: list[tuple[Level, str, str, int | None]] = [
        (Level.LANDLORD_GRID, lg.code, lg.name, lg.leader_id),
        (Level.MICRO_GRID, micro.code, micro.name, micro.worker_id),
        (Level.GRID, grid.code, grid.name, grid.worker_id),
        (Level.COMMUNITY, community.code, community.name, community.staff_id),
    ]
    ladder: list[Rung] = []
    for level, code, name, person_id in steps:
        if person_id is not None:
            person = await session.get_one(Person, person_id)
            ladder.append(Rung(level=level, code=code, name=name, person=person))
    return ladder
