"""How a message names the place of an event: by its house as the directory names it.

Residents and staff say the house as the directory does ("清水湾3号楼", "兰亭7幢"), so every
message about an event (the group's acknowledgement, the assignment, reminders, escalations,
details, the confirmation question) names it so, with the building only where the house's
name covers several, written with the word that name uses ("清水湾9栋、11栋" → "11栋", not
"11幢"). Without a house (a place not yet located) the parsed community and building are all
there is. The templates' `place(loc)` macro words these values.
"""

from __future__ import annotations

import re

from models.crud.house_names import HouseName
from models.event import Event

# The words a street writes after a building's number: "3号楼", "7幢", "9栋", "12号", "2座"
# (longest first: "号楼" before "号").
BUILDING_WORDS = ("号楼", "栋楼", "幢", "栋", "号", "楼", "座")
_WORDS = "|".join(BUILDING_WORDS)
BUILDING_WORD_AT_END = re.compile(rf"(?:{_WORDS})$")
_ANY_BUILDING = re.compile(rf"(?<![0-9])[0-9]+({_WORDS})")


def building_word(house_name: str, building: str | None) -> str | None:
    """The word `house_name` writes after `building` ("清水湾9栋、11栋", "11" → "栋"), else
    after any number it holds; None where it writes none (the templates' default then)."""
    if building:
        own = re.search(rf"(?<![0-9]){re.escape(building)}({_WORDS})", house_name)
        if own is not None:
            return own[1]
    found = _ANY_BUILDING.search(house_name)
    return found[1] if found is not None else None


def place_view(event: Event, house: HouseName | None) -> dict[str, str | None]:
    """The `loc` the templates read: `grid` (the house's name), `house` (its building, only
    where the name covers several) and `house_word` (the word the name writes after a
    building), else the parsed community and building."""
    loc: dict[str, str | None] = {
        "community": event.community,
        "building": event.building,
        "unit": event.unit,
        "floor": event.floor,
        "room": event.room,
    }
    if house is None:
        return loc
    building = event.building if house.several_buildings else None
    return loc | {
        "grid": house.name,
        "house": building,
        "house_word": building_word(house.name, building) if building else None,
    }
