"""Which house a register message is about, and what the sender may do there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.routing.ladder import on_ladder
from models.crud.grid import (
    landlord_grid_by_group_chat,
    landlord_grid_ids_with_building,
    landlord_grids_led_by,
)
from models.crud.ladder import ladder_of
from models.crud.people import person_home
from models.grid import LandlordGrid
from models.person import Person


@dataclass(frozen=True, slots=True)
class House:
    grid: LandlordGrid
    leader: Person
    role: str  # the sender's: "landlord", "worker" or "self" (see [register] registrars)

    @property
    def id(self) -> int:
        assert self.grid.id is not None
        return self.grid.id


async def find_house(
    session: AsyncSession, *, inbound: Inbound, person: Person | None, building: str | None
) -> House | None:
    grid = await _grid(session, inbound=inbound, person=person, building=building)
    if grid is None or grid.id is None:
        return None
    named = await ladder_of(session, landlord_grid_id=grid.id)
    leader = await session.get_one(Person, grid.leader_id)
    above = {level: person_id for level, person_id in named.items() if person_id != leader.id}
    role = "self"
    if person is not None and person.id == leader.id:
        role = "landlord"
    elif person is not None and on_ladder(above, person.id):
        role = "worker"
    return House(grid, leader, role)


async def house_by_id(session: AsyncSession, *, landlord_grid_id: int, role: str) -> House:
    grid = await session.get_one(LandlordGrid, landlord_grid_id)
    return House(grid, await session.get_one(Person, grid.leader_id), role)


async def _grid(
    session: AsyncSession, *, inbound: Inbound, person: Person | None, building: str | None
) -> LandlordGrid | None:
    if inbound.chat_kind is ChatKind.GROUP:
        grid = await landlord_grid_by_group_chat(session, chat_id=inbound.chat_id)
        if grid is not None:
            return grid
    if building:
        ids = await landlord_grid_ids_with_building(session, building=building)
        if len(ids) == 1:  # the same number in two communities: ask instead of guessing
            return await session.get(LandlordGrid, ids.pop())
    if person is None or person.id is None:
        return None
    houses = await landlord_grids_led_by(session, person_id=person.id)
    if len(houses) == 1:
        return houses[0]
    home = await person_home(session, person_id=person.id)
    return None if home is None else await session.get(LandlordGrid, home.landlord_grid_id)
