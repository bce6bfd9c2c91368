"""English location phrases: "room 204", "Rm 204", "bldg 15", "No. 15", "3rd floor", "unit 2"."""

from __future__ import annotations

import re

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
_ORDINALS += ["ninth", "tenth"]
_BUILDING = re.compile(
    r"\b(?:building|bldg|blk|block)\.?\s*(?:no\.?\s*)?#?([0-9]{1,3})\b|\bno\.\s*([0-9]{1,3})\b"
)
_UNIT = re.compile(r"\bunit\s*#?([0-9]{1,2})\b")
_ROOM = re.compile(r"\b(?:room|rm)\.?\s*#?([0-9]{2,4})\b")
_FLOOR = re.compile(
    r"\b(?:([0-9]{1,2})(?:st|nd|rd|th)|(" + "|".join(_ORDINALS) + r"|ground))\s+floor\b"
    r"|\bfloor\s*#?([0-9]{1,2})\b|\b([0-9]{1,2})\s*/f\b"
)
# Every phrase above contains one of these; substring tests keep chatter cheap.
_BUILDING_WORDS = ("bldg", "building", "blk", "block", "no.")
_ROOM_WORDS = ("room", "rm")
_FLOOR_WORDS = ("floor", "/f")
_WORDS = (*_BUILDING_WORDS, *_ROOM_WORDS, *_FLOOR_WORDS, "unit")


def english_location(lower: str) -> dict[str, str]:
    """Fields found in lower-cased text, keyed like Location's fields."""
    found: dict[str, str] = {}
    if not any(word in lower for word in _WORDS):
        return found
    if _any_in(_BUILDING_WORDS, lower) and (building := _BUILDING.search(lower)) is not None:
        found["building"] = building.group(1) or building.group(2)
    if "unit" in lower and (unit := _UNIT.search(lower)) is not None:
        found["unit"] = unit.group(1)
    if _any_in(_ROOM_WORDS, lower) and (room := _ROOM.search(lower)) is not None:
        found["room"] = room.group(1)
    if _any_in(_FLOOR_WORDS, lower) and (floor := _FLOOR.search(lower)) is not None:
        word = floor.group(2)
        if word:
            found["floor"] = "1" if word == "ground" else str(_ORDINALS.index(word) + 1)
        else:
            found["floor"] = floor.group(1) or floor.group(3) or floor.group(4)
    return found


def _any_in(words: tuple[str, ...], lower: str) -> bool:
    return any(word in lower for word in words)
