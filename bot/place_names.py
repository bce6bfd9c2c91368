"""How a message names the place of an event: by its house as the directory names it.

Residents and staff say the house as the directory does ("清水湾3号楼", "兰亭7幢"), so every
message about an event (the group's acknowledgement, the assignment, reminders, escalations,
details, the confirmation question) names it so, with the building only where the house's
name covers several. Without a house (a place not yet located) the parsed community and
building are all there is. The templates' `place(loc)` macro words these values.
"""

from __future__ import annotations

from models.crud.house_names import HouseName
from models.event import Event


def place_view(event: Event, house: HouseName | None) -> dict[str, str | None]:
    """The `loc` the templates read: `grid` (the house's name) and `house` (its building,
    only where the name covers several), else the parsed community and building."""
    loc: dict[str, str | None] = {
        "community": event.community,
        "building": event.building,
        "unit": event.unit,
        "floor": event.floor,
        "room": event.room,
    }
    if house is None:
        return loc
    return loc | {"grid": house.name, "house": event.building if house.several_buildings else None}
