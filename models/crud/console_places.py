"""The houses of a scope with the names above them: what the console shows as "the place"."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.person import Person


@dataclass(frozen=True, slots=True)
class Unit:
    """A level of the grid: its id, code, name and the name of whoever answers for it."""

    id: int
    code: str
    name: str
    person: str | None


@dataclass(frozen=True, slots=True)
class HousePlace:
    house: Unit  # the landlord grid and its leader
    address: str | None
    micro_grid: Unit
    grid: Unit
    community: Unit


async def houses_in(session: AsyncSession, *, houses: Collection[int]) -> list[HousePlace]:
    """The given landlord grids, ordered by community, grid, micro-grid and code."""
    if not houses:
        return []
    leader, micro_worker, grid_worker, staff = (aliased(Person) for _ in range(4))
    columns: list[Any] = [LandlordGrid, MicroGrid, Grid, Community]
    columns += [col(person.name) for person in (leader, micro_worker, grid_worker, staff)]
    statement = (
        select(*columns)
        .join(MicroGrid, col(MicroGrid.id) == col(LandlordGrid.micro_grid_id))
        .join(Grid, col(Grid.id) == col(MicroGrid.grid_id))
        .join(Community, col(Community.id) == col(Grid.community_id))
        .join(leader, col(leader.id) == col(LandlordGrid.leader_id))
        .outerjoin(micro_worker, col(micro_worker.id) == col(MicroGrid.worker_id))
        .outerjoin(grid_worker, col(grid_worker.id) == col(Grid.worker_id))
        .outerjoin(staff, col(staff.id) == col(Community.staff_id))
        .where(col(LandlordGrid.id).in_(sorted(houses)))
        .order_by(col(Community.code), col(Grid.code), col(MicroGrid.code), col(LandlordGrid.code))
    )
    places = []
    for house, micro, grid, community, *names in (await session.exec(statement)).all():
        lead, micro_name, grid_name, staff_name = names
        places.append(
            HousePlace(
                house=Unit(house.id or 0, house.code, house.name, lead),
                address=house.address,
                micro_grid=Unit(micro.id or 0, micro.code, micro.name, micro_name),
                grid=Unit(grid.id or 0, grid.code, grid.name, grid_name),
                community=Unit(community.id or 0, community.code, community.name, staff_name),
            )
        )
    return places
