"""The directory's entries: plain frozen values, each remembering where it was written."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.cli import UsageError
from bot.lang import codes

LANGS: frozenset[str] = frozenset(codes())  # the language folders (bot/lang)
ROLES: frozenset[str] = frozenset(
    {
        "tenant",
        "landlord",
        "landlord_grid_leader",
        "micro_grid_worker",
        "grid_worker",
        "community_staff",
        "property",
        "police_liaison",
    }
)


class DirectoryError(UsageError):
    """A directory entry the user must fix; the message names the file and the key or line."""


@dataclass(frozen=True)
class Origin:
    """Where an entry was written, so an error can point at it.

    `where` is "config.toml: directory.grids[2]" for TOML or "grid.csv:12" for CSV; CSV
    columns have other names than the TOML keys, hence `aliases` (key → column).
    """

    where: str
    sep: str = "."
    aliases: tuple[tuple[str, str], ...] = ()

    def at(self, key: str) -> str:
        return f"{self.where}{self.sep}{dict(self.aliases).get(key, key)}"

    def error(self, key: str, message: str) -> DirectoryError:
        return DirectoryError(f"{self.at(key)}: {message}")


_NOWHERE = Origin("<directory>")


@dataclass(frozen=True)
class PersonEntry:
    key: str
    name: str
    phone: str | None = None
    # The phone may be shown on the public household page (一键四知); off unless said so.
    phone_public: bool = False
    lang: str = "zh"
    roles: tuple[str, ...] = ()
    contact_id: str | None = None
    home: str | None = None  # landlord grid code
    room: str | None = None
    origin: Origin = field(default=_NOWHERE, compare=False)


@dataclass(frozen=True)
class CommunityEntry:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    staff: str | None = None
    origin: Origin = field(default=_NOWHERE, compare=False)


@dataclass(frozen=True)
class GridEntry:
    code: str
    community: str
    name: str
    worker: str | None = None
    origin: Origin = field(default=_NOWHERE, compare=False)


@dataclass(frozen=True)
class MicroGridEntry:
    code: str
    grid: str
    name: str
    worker: str | None = None
    origin: Origin = field(default=_NOWHERE, compare=False)


@dataclass(frozen=True)
class LandlordGridEntry:
    code: str
    micro_grid: str
    name: str
    buildings: tuple[str, ...]
    leader: str
    address: str | None = None
    group_chat: str | None = None
    group_name: str | None = None
    origin: Origin = field(default=_NOWHERE, compare=False)


@dataclass(frozen=True)
class Directory:
    people: tuple[PersonEntry, ...] = ()
    communities: tuple[CommunityEntry, ...] = ()
    grids: tuple[GridEntry, ...] = ()
    micro_grids: tuple[MicroGridEntry, ...] = ()
    landlord_grids: tuple[LandlordGridEntry, ...] = ()

    def person(self, key: str) -> PersonEntry | None:
        return next((p for p in self.people if p.key == key), None)


@dataclass(frozen=True)
class Known:
    """Codes that exist outside the parsed data (in the database, for `grid import`)."""

    people: frozenset[str] = frozenset()
    communities: frozenset[str] = frozenset()
    grids: frozenset[str] = frozenset()
    micro_grids: frozenset[str] = frozenset()
    landlord_grids: frozenset[str] = frozenset()
