"""From the `[directory]` mapping to a validated `Directory`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import TypeVar

from bot.directory.entries import (
    LANGS,
    ROLES,
    CommunityEntry,
    Directory,
    DirectoryError,
    GridEntry,
    Known,
    LandlordGridEntry,
    MicroGridEntry,
    Origin,
    PersonEntry,
)
from bot.directory.fields import EntryFields
from bot.directory.references import check_references


def _person(f: EntryFields) -> PersonEntry:
    roles = f.texts("roles")
    for role in roles:
        if role not in ROLES:
            raise f.origin.error(
                "roles", f"unknown role {role!r} (known: {', '.join(sorted(ROLES))})"
            )
    return PersonEntry(
        key=f.text("key"),
        name=f.text("name"),
        phone=f.optional_text("phone"),
        phone_public=f.flag("phone_public"),
        lang=f.choice("lang", LANGS, "zh"),
        roles=roles,
        contact_id=f.optional_text("contact_id"),
        home=f.optional_text("home"),
        room=f.optional_text("room"),
        origin=f.origin,
    )


def _community(f: EntryFields) -> CommunityEntry:
    return CommunityEntry(
        code=f.text("code"),
        name=f.text("name"),
        aliases=f.texts("aliases"),
        staff=f.optional_text("staff"),
        origin=f.origin,
    )


def _grid(f: EntryFields) -> GridEntry:
    return GridEntry(
        code=f.text("code"),
        community=f.text("community"),
        name=f.text("name"),
        worker=f.optional_text("worker"),
        origin=f.origin,
    )


def _micro_grid(f: EntryFields) -> MicroGridEntry:
    return MicroGridEntry(
        code=f.text("code"),
        grid=f.text("grid"),
        name=f.text("name"),
        worker=f.optional_text("worker"),
        origin=f.origin,
    )


def _landlord_grid(f: EntryFields) -> LandlordGridEntry:
    buildings = f.texts("buildings")
    if not buildings:
        raise f.origin.error("buildings", "missing (at least one building number)")
    return LandlordGridEntry(
        code=f.text("code"),
        micro_grid=f.text("micro_grid"),
        name=f.text("name"),
        buildings=buildings,
        leader=f.text("leader"),
        address=f.optional_text("address"),
        group_chat=f.optional_text("group_chat"),
        group_name=f.optional_text("group_name"),
        origin=f.origin,
    )


Entry = PersonEntry | CommunityEntry | GridEntry | MicroGridEntry | LandlordGridEntry
_ENTRY_TYPES: dict[str, type[Entry]] = {
    "people": PersonEntry,
    "communities": CommunityEntry,
    "grids": GridEntry,
    "micro_grids": MicroGridEntry,
    "landlord_grids": LandlordGridEntry,
}
# The keys a table's entries may hold are the entry's fields: the file is written in them.
_KEYS: dict[str, frozenset[str]] = {
    table: frozenset(f.name for f in fields(entry) if f.name != "origin")
    for table, entry in _ENTRY_TYPES.items()
}
TABLES: tuple[str, ...] = tuple(_ENTRY_TYPES)
T = TypeVar("T")


def _entries(
    data: Mapping[str, object],
    table: str,
    build: Callable[[EntryFields], T],
    where: Callable[[str, int], Origin],
) -> tuple[T, ...]:
    raw = data.get(table, [])
    if not isinstance(raw, list):
        raise where(table, -1).error(table, "expected an array of tables")
    return tuple(
        build(EntryFields(item, where(table, index), _KEYS[table]))
        for index, item in enumerate(raw)
    )


def parse_directory(
    data: Mapping[str, object],
    *,
    source: str,
    prefix: str = "directory",
    known: Known | None = None,
    origins: Mapping[str, Sequence[Origin]] | None = None,
) -> Directory:
    """Validate `data` (the tables of DIRECTORY.md) into a `Directory`.

    `known` names codes that exist elsewhere (the database) so references to them are
    accepted; `origins` overrides where each entry is said to be (CSV lines, TOML lines).
    """
    dotted = f"{prefix}." if prefix else ""
    unknown = sorted(str(key) for key in data if key not in _KEYS)
    if unknown:
        raise DirectoryError(
            f"{source}: {dotted}{unknown[0]}: unknown table (known: {', '.join(TABLES)})"
        )

    def where(table: str, index: int) -> Origin:
        given = (origins or {}).get(table, ())
        if 0 <= index < len(given):
            return given[index]
        if index < 0:
            return Origin(f"{source}: {prefix}") if prefix else Origin(source, sep=": ")
        return Origin(f"{source}: {dotted}{table}[{index}]")

    directory = Directory(
        people=_entries(data, "people", _person, where),
        communities=_entries(data, "communities", _community, where),
        grids=_entries(data, "grids", _grid, where),
        micro_grids=_entries(data, "micro_grids", _micro_grid, where),
        landlord_grids=_entries(data, "landlord_grids", _landlord_grid, where),
    )
    check_references(directory, known or Known())
    return directory
