"""What part of the grid a person answers for, from the directory alone.

Community staff answer for their community, a grid worker for their grid, a micro-grid
worker for theirs, a landlord for the houses they lead. A person may hold several places;
the scope is their union. Every console query takes the scope's houses, so nothing outside
it is read at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Community, Grid, LandlordGrid, MicroGrid


@dataclass(frozen=True, slots=True)
class Scope:
    person_id: int
    community_ids: frozenset[int]
    grid_ids: frozenset[int]
    micro_grid_ids: frozenset[int]
    led_house_ids: frozenset[int]  # the houses the person leads as landlord
    houses: frozenset[int]  # every landlord grid the person answers for

    @property
    def empty(self) -> bool:
        return not self.houses

    def covers_grid(self, *, grid_id: int, community_id: int) -> bool:
        """A whole grid is the person's (not only some houses in it)."""
        return grid_id in self.grid_ids or community_id in self.community_ids

    def covers_micro_grid(self, *, micro_grid_id: int, grid_id: int, community_id: int) -> bool:
        return micro_grid_id in self.micro_grid_ids or self.covers_grid(
            grid_id=grid_id, community_id=community_id
        )

    @property
    def positions(self) -> tuple[str, ...]:
        """The directory positions that make up the scope, highest first."""
        held = (
            ("community_staff", self.community_ids),
            ("grid_worker", self.grid_ids),
            ("micro_grid_worker", self.micro_grid_ids),
            ("landlord", self.led_house_ids),
        )
        return tuple(name for name, ids in held if ids)


async def scope_of(session: AsyncSession, *, person_id: int) -> Scope:
    async def ids(statement: object) -> frozenset[int]:
        return frozenset(row for row in (await session.exec(statement)).all())  # type: ignore[call-overload]

    communities = await ids(select(Community.id).where(Community.staff_id == person_id))
    grids = await ids(select(Grid.id).where(Grid.worker_id == person_id))
    micro_grids = await ids(select(MicroGrid.id).where(MicroGrid.worker_id == person_id))
    led = await ids(select(LandlordGrid.id).where(LandlordGrid.leader_id == person_id))
    houses: frozenset[int] = led
    if communities or grids or micro_grids:
        micros_of_grids = select(MicroGrid.id).where(col(MicroGrid.grid_id).in_(grids))
        houses = led | await ids(
            select(LandlordGrid.id).where(
                or_(
                    col(LandlordGrid.community_id).in_(communities),
                    col(LandlordGrid.micro_grid_id).in_(micro_grids),
                    col(LandlordGrid.micro_grid_id).in_(micros_of_grids),
                )
            )
        )
    return Scope(person_id, communities, grids, micro_grids, led, houses)


async def community_houses(session: AsyncSession, *, community_code: str) -> frozenset[int]:
    """The landlord grids of one community (what `--community CODE` means on the CLI)."""
    statement = (
        select(LandlordGrid.id)
        .join(Community, col(Community.id) == col(LandlordGrid.community_id))
        .where(Community.code == community_code)
    )
    return frozenset(house for house in (await session.exec(statement)).all() if house)
