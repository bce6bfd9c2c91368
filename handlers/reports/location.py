"""Completing a report's location from what the bot knows, and finding who answers for it.

Order of evidence: what the message says, then the landlord grid(s) the group is bound to,
then the room the sender is registered in (person_home). A building named in the message
wins over the group's own, since tenants also report next door; in a group covering several
houses without a building named, the sender's registered home decides, else nobody can.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nlu.reading import Location
from models.crud.bindings import bound_grids
from models.crud.grid import (
    communities_in_order,
    landlord_grid_by_building,
    landlord_grid_ids_with_building,
)
from models.crud.report_context import House, ReporterFacts, houses_of, reporter_facts
from models.grid import Community, LandlordGrid
from models.person import Person


@dataclass(frozen=True, slots=True)
class Place:
    """A completed location; `house` None means nobody can be made responsible."""

    location: Location
    house: House | None  # the landlord grid, with its buildings, community and responders

    @property
    def landlord_grid(self) -> LandlordGrid | None:
        return None if self.house is None else self.house.grid

    @property
    def found(self) -> bool:
        return self.house is not None


async def complete_location(
    session: AsyncSession,
    *,
    location: Location,
    chat_id: str | None,
    reporter: Person | None,
    facts: ReporterFacts | None = None,
) -> Place:
    """`facts` are the reporter's, when the caller has them already."""
    if facts is None:
        facts = await reporter_facts(session, person=reporter)
    home = facts.home
    home_ids = [home.landlord_grid_id] if home is not None else []
    # The group's house and the sender's, with all a report needs of them: one statement.
    loaded = {h.id: h for h in await houses_of(session, chat_id=chat_id, grid_ids=home_ids)}
    chat_grids = [h.grid for h in loaded.values() if chat_id and h.grid.group_chat == chat_id]
    if chat_id and not chat_grids:
        # No house has this group as its own: it covers several (or none), bindings say which.
        chat_grids = await bound_grids(session, chat_id=chat_id)
        more = [g.id for g in chat_grids if g.id is not None and g.id not in loaded]
        loaded |= {h.id: h for h in await houses_of(session, grid_ids=more)}
    home_house = loaded.get(home.landlord_grid_id) if home is not None else None
    home_grid = home_house.grid if home_house is not None else None
    named = await community_named(session, location.community)
    house: House | None = None
    if location.building:
        community_id = _first_id(named, *chat_grids, home_grid)
        house = await _house_of_building(session, loaded, location.building, community_id)
    if house is None:
        grid = _grid_of_chat(chat_grids, home_grid)
        house = loaded.get(grid.id) if grid is not None and grid.id is not None else None
    if house is None:
        return Place(location, None)
    filled = location
    buildings = list(house.buildings)
    if not location.building and len(buildings) == 1:
        filled = replace(filled, building=buildings[0])
    # The sender's own room, unless the message points at another house of the grid.
    same_house = not location.building or buildings == [location.building]
    if home is not None and home.landlord_grid_id == house.id and same_house and not location.room:
        filled = replace(filled, room=home.room)
    filled = replace(filled, community=house.community.name)
    return Place(filled, house)


async def community_named(session: AsyncSession, text: str | None) -> Community | None:
    """The community whose name or alias the message's place name contains (or is part of)."""
    if not text:
        return None
    for community in await communities_in_order(session):
        names = [community.name, *community.aliases]
        if any(name and (name in text or text in name) for name in names):
            return community
    return None


def _grid_of_chat(
    chat_grids: list[LandlordGrid], home_grid: LandlordGrid | None
) -> LandlordGrid | None:
    """The group's house; in a group of several houses, the sender's own (else: unknown)."""
    if home_grid is not None and (not chat_grids or home_grid.id in {g.id for g in chat_grids}):
        return home_grid
    return chat_grids[0] if len(chat_grids) == 1 else None


def _first_id(*places: Community | LandlordGrid | None) -> int | None:
    for place in places:
        if isinstance(place, Community):
            return place.id
        if isinstance(place, LandlordGrid):
            return place.community_id
    return None


async def _house_of_building(
    session: AsyncSession, loaded: dict[int, House], building: str, community_id: int | None
) -> House | None:
    grid: LandlordGrid | None
    if community_id is not None:
        # One landlord grid per building in a community: a loaded house that has it is it.
        for house in loaded.values():
            if (community_id, building) in house.building_keys:
                return house
        grid = await landlord_grid_by_building(
            session, community_id=community_id, building=building
        )
    else:
        # No community known: the building decides only if one community has it.
        found = await landlord_grid_ids_with_building(session, building=building)
        grid = await session.get(LandlordGrid, found.pop()) if len(found) == 1 else None
    if grid is None or grid.id is None:
        return None
    if grid.id not in loaded:
        loaded |= {h.id: h for h in await houses_of(session, grid_ids=[grid.id])}
    return loaded.get(grid.id)
