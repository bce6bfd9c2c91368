"""Completing a report's location from what the bot knows, and finding who answers for it.

Order of evidence: what the message says, then the landlord grid(s) the group is bound to,
then the room the sender is registered in (person_home). A building named in the message
wins over the group's own, since tenants also report next door; in a group covering several
houses without a building named, the sender's registered home decides, else nobody can.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.nlu.reading import Location
from models.crud.bindings import landlord_grids_of_chat
from models.crud.grid import buildings_of, landlord_grid_by_building
from models.crud.people import person_home
from models.grid import Community, LandlordGrid, LandlordGridBuilding
from models.person import Person


@dataclass(frozen=True, slots=True)
class Place:
    """A completed location; `landlord_grid` None means nobody can be made responsible."""

    location: Location
    landlord_grid: LandlordGrid | None

    @property
    def found(self) -> bool:
        return self.landlord_grid is not None


async def complete_location(
    session: AsyncSession,
    *,
    location: Location,
    chat_id: str | None,
    reporter: Person | None,
) -> Place:
    chat_grids = await landlord_grids_of_chat(session, chat_id=chat_id) if chat_id else []
    home = await person_home(session, person_id=reporter.id) if reporter and reporter.id else None
    home_grid = await session.get(LandlordGrid, home.landlord_grid_id) if home else None
    named = await community_named(session, location.community)
    grid: LandlordGrid | None = None
    if location.building:
        community_id = _first_id(named, *chat_grids, home_grid)
        grid = await _grid_of_building(session, location.building, community_id)
    grid = grid or _grid_of_chat(chat_grids, home_grid)
    if grid is None:
        return Place(location, None)
    filled = location
    buildings = await buildings_of(session, landlord_grid_id=_id(grid))
    if not location.building and len(buildings) == 1:
        filled = replace(filled, building=buildings[0])
    # The sender's own room, unless the message points at another house of the grid.
    same_house = not location.building or buildings == [location.building]
    if home is not None and home.landlord_grid_id == grid.id and same_house and not location.room:
        filled = replace(filled, room=home.room)
    community = await session.get(Community, grid.community_id)
    if community is not None:
        filled = replace(filled, community=community.name)
    return Place(filled, grid)


async def community_named(session: AsyncSession, text: str | None) -> Community | None:
    """The community whose name or alias the message's place name contains (or is part of)."""
    if not text:
        return None
    for community in (await session.exec(select(Community))).all():
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


async def _grid_of_building(
    session: AsyncSession, building: str, community_id: int | None
) -> LandlordGrid | None:
    if community_id is not None:
        return await landlord_grid_by_building(
            session, community_id=community_id, building=building
        )
    # No community known: the building decides only if one community has it.
    statement = (
        select(LandlordGrid)
        .join(LandlordGridBuilding)
        .where(LandlordGridBuilding.building == building)
        .limit(2)
    )
    found = list((await session.exec(statement)).all())
    return found[0] if len(found) == 1 else None


def _id(grid: LandlordGrid) -> int:
    if grid.id is None:
        raise ValueError("a landlord grid without an id")
    return grid.id
