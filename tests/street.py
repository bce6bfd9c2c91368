"""梧桐街道, the street the tests deploy: not the demo of config.example.toml.

tests/deployments/wutong/ holds what a street's operator has: `directory.toml` (loaded
with `gridbot grid import`), `houses-added.csv` (houses added later, in CSV), `config.toml`
(transport wechaty, no directory, secrets from the environment) and `wechat.toml`: the
WeChat side the mock puppet service serves (accounts, the groups the bot was added to,
group nicknames). `Street` reads them and answers the questions tests ask:

    street.contact("dai-guohua")      # "wxid_dai1962": the WeChat id of a directory person
    street.room_of("qs-3").id         # "18833201475@chatroom": the group of a house
    street.house("qs-3").name         # "清水湾3号楼"
    street.shown_name(room, contact)  # the name a group shows: nickname, else WeChat name
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bot.directory import Directory, read_directory
from bot.directory.entries import LandlordGridEntry, PersonEntry
from tests.mock_wechat import Room, World

STREET_DIR = Path(__file__).parent / "deployments" / "wutong"
# The operator's own key (GRIDBOT_SECRET_KEY); the street is never in demo mode.
STREET_SECRET_KEY = "wutong-operator-secret-key-0001"


@dataclass(frozen=True, slots=True)
class StreetRoom:
    id: str
    topic: str
    house: str | None  # the house code the group is for (unknown to the directory)
    members: tuple[str, ...]  # contact ids, the bot not among them
    aliases: Mapping[str, str] = field(default_factory=dict)  # contact id -> nickname


@dataclass(frozen=True, slots=True)
class Street:
    root: Path
    directory: Directory  # directory.toml as `gridbot grid import` reads it
    bot_id: str
    bot_name: str
    contacts: Mapping[str, str]  # contact id -> WeChat name
    owners: Mapping[str, str]  # contact id -> directory key, for directory people's accounts
    rooms: tuple[StreetRoom, ...]

    @property
    def config(self) -> Path:
        return self.root / "config.toml"

    @property
    def directory_file(self) -> Path:
        return self.root / "directory.toml"

    @property
    def added_houses_file(self) -> Path:
        return self.root / "houses-added.csv"

    def person(self, key: str) -> PersonEntry:
        person = self.directory.person(key)
        if person is None:
            raise KeyError(f"no person {key!r} in {self.directory_file}")
        return person

    def house(self, code: str) -> LandlordGridEntry:
        for house in self.directory.landlord_grids:
            if house.code == code:
                return house
        raise KeyError(f"no house {code!r} in {self.directory_file}")

    def contact(self, key: str) -> str:
        """The WeChat id of directory person `key`."""
        for contact_id, owner in self.owners.items():
            if owner == key:
                return contact_id
        raise KeyError(f"{key!r} has no WeChat account in wechat.toml")

    def room_of(self, house: str) -> StreetRoom:
        for room in self.rooms:
            if room.house == house:
                return room
        raise KeyError(f"no group for house {house!r} in wechat.toml")

    def room(self, room_id: str) -> StreetRoom:
        for room in self.rooms:
            if room.id == room_id:
                return room
        raise KeyError(f"no group {room_id!r} in wechat.toml")

    def shown_name(self, room_id: str, contact_id: str) -> str:
        """What the group shows for a member: their group nickname, else their WeChat name."""
        return self.room(room_id).aliases.get(contact_id) or self.contacts[contact_id]

    def world(self) -> World:
        rooms = tuple(
            Room(r.id, r.topic, (self.bot_id, *r.members), dict(r.aliases)) for r in self.rooms
        )
        return World(self.bot_id, self.bot_name, dict(self.contacts), rooms)

    @classmethod
    def load(cls, root: Path = STREET_DIR) -> Street:
        wechat = tomllib.loads((root / "wechat.toml").read_text(encoding="utf-8"))
        contacts: list[dict[str, Any]] = wechat["contacts"]
        return cls(
            root=root,
            directory=read_directory(root / "directory.toml"),
            bot_id=wechat["bot"]["id"],
            bot_name=wechat["bot"]["name"],
            contacts={c["id"]: c["name"] for c in contacts},
            owners={c["id"]: c["person"] for c in contacts if "person" in c},
            rooms=tuple(
                StreetRoom(
                    id=r["id"],
                    topic=r["topic"],
                    house=r.get("house"),
                    members=tuple(r["members"]),
                    aliases=dict(r.get("aliases", {})),
                )
                for r in wechat["rooms"]
            ),
        )


@cache
def wutong() -> Street:
    """The street, read once per test session."""
    return Street.load()
