"""Group nicknames that say where someone lives: "10幢301-张三", "301 Zhang", "3-301 李四"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BUILDING_ROOM = re.compile(
    r"(?<!\d)(?P<building>\d{1,3})\s*(?:幢|栋|号楼|号|#|-|－|—|_)\s*(?P<room>\d{3,4})(?:室|房)?(?!\d)"
)
_ROOM = re.compile(r"(?<![\d])(?P<room>\d{3,4})(?:室|房)?(?![\d])")
_PHONE_LIKE = re.compile(r"\d{5,}")


@dataclass(frozen=True, slots=True)
class NicknameHome:
    building: str | None
    room: str


def home_in_nickname(nickname: str) -> NicknameHome | None:
    """The building (when given) and room a nickname names, or None.

    Only a nickname that also carries a name counts: a bare "301" could be anything, and a
    long digit run is a phone number, not a room.
    """
    text = _PHONE_LIKE.sub(" ", nickname)
    found = _BUILDING_ROOM.search(text)
    if found is not None:
        home = NicknameHome(found["building"], found["room"])
    else:
        rooms = _ROOM.findall(text)
        if len(rooms) != 1:
            return None
        home = NicknameHome(None, rooms[0])
    leftover = re.sub(r"[\d\s\-－—_#幢栋号楼室房()（）]+", "", text)
    return home if leftover else None


_ROOM_ONLY = re.compile(
    r"^(?:(?P<building>\d{1,3})\s*(?:幢|栋|号楼|号|#|-)\s*)?(?P<room>\d{3,4})\s*(?:室|房)?$"
)


def home_in_text(text: str) -> NicknameHome | None:
    """ "301", "10幢301", "10-301": a whole message that is only a room (after @mentions)."""
    found = _ROOM_ONLY.match(text.strip())
    if found is None:
        return None
    return NicknameHome(found["building"], found["room"])
