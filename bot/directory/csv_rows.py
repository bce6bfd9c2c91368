"""The CSV directory format: one row per node, its responsible person inline.

Header: level,code,parent,name,buildings,address,responsible,responsible_name,
responsible_phone,group_chat, optionally followed by responsible_phone_public ("yes" shows
the phone on the public household pages, 一键四知). `buildings` are separated by ";".
"""

from __future__ import annotations

import csv
import io

from bot.directory.entries import DirectoryError, Known, Origin
from bot.directory.parse import TABLES

COLUMNS: tuple[str, ...] = (
    "level",
    "code",
    "parent",
    "name",
    "buildings",
    "address",
    "responsible",
    "responsible_name",
    "responsible_phone",
    "group_chat",
)
# Optional, after COLUMNS: added later, so older files stay valid as they are.
PHONE_PUBLIC = "responsible_phone_public"
# level → (table, parent key, responsible key, role given to the responsible person)
_LEVELS: dict[str, tuple[str, str | None, str, tuple[str, ...]]] = {
    "community": ("communities", None, "staff", ("community_staff",)),
    "grid": ("grids", "community", "worker", ("grid_worker",)),
    "micro_grid": ("micro_grids", "grid", "worker", ("micro_grid_worker",)),
    "landlord_grid": (
        "landlord_grids",
        "micro_grid",
        "leader",
        ("landlord", "landlord_grid_leader"),
    ),
}
_PERSON_ALIASES = (
    ("key", "responsible"),
    ("name", "responsible_name"),
    ("phone", "responsible_phone"),
    ("phone_public", PHONE_PUBLIC),
)

Tables = dict[str, list[object]]
Origins = dict[str, list[Origin]]


def _origin(source: str, line: int, aliases: tuple[tuple[str, str], ...]) -> Origin:
    return Origin(f"{source}:{line}", sep=": ", aliases=aliases)


def csv_tables(text: str, *, source: str, known: Known) -> tuple[Tables, Origins]:
    """Turn CSV rows into the mapping `parse_directory` reads, with each entry's line."""
    reader = csv.reader(io.StringIO(text))
    header = [column.strip() for column in next(reader, [])]
    columns = tuple(header)
    if columns not in (COLUMNS, (*COLUMNS, PHONE_PUBLIC)):
        raise DirectoryError(
            f"{source}:1: header must be exactly: {','.join(COLUMNS)} (optionally followed by "
            f",{PHONE_PUBLIC})"
        )
    tables: Tables = {table: [] for table in TABLES}
    origins: Origins = {table: [] for table in tables}
    people: dict[str, dict[str, object]] = {}
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(columns):
            raise DirectoryError(
                f"{source}:{line}: expected {len(columns)} columns, got {len(values)}"
            )
        row = {column: value.strip() for column, value in zip(columns, values, strict=True)}
        if row["level"] not in _LEVELS:
            raise DirectoryError(
                f"{source}:{line}: level: {row['level']!r} is not one of {', '.join(_LEVELS)}"
            )
        table, parent_key, responsible_key, roles = _LEVELS[row["level"]]
        aliases = ((responsible_key, "responsible"),) + (
            ((parent_key, "parent"),) if parent_key else ()
        )
        origin = _origin(source, line, aliases)
        tables[table].append(_node(row, parent_key, responsible_key, origin))
        origins[table].append(origin)
        if row["responsible"]:
            _person(
                row, roles, people, tables, origins, _origin(source, line, _PERSON_ALIASES), known
            )
    return tables, origins


def _node(
    row: dict[str, str], parent_key: str | None, responsible_key: str, origin: Origin
) -> dict[str, object]:
    node: dict[str, object] = {"code": row["code"], "name": row["name"]}
    if parent_key is None:
        if row["parent"]:
            raise origin.error("parent", "a community has no parent")
    else:
        node[parent_key] = row["parent"]
    if row["responsible"]:
        node[responsible_key] = row["responsible"]
    if parent_key == "micro_grid":
        node["buildings"] = [b.strip() for b in row["buildings"].split(";") if b.strip()]
        for key in ("address", "group_chat"):
            if row[key]:
                node[key] = row[key]
    else:
        for key in ("buildings", "address", "group_chat"):
            if row[key]:
                raise origin.error(key, f"only a landlord_grid row has {key}")
    return node


def _person(
    row: dict[str, str],
    roles: tuple[str, ...],
    people: dict[str, dict[str, object]],
    tables: Tables,
    origins: Origins,
    origin: Origin,
    known: Known,
) -> None:
    key, name, phone = row["responsible"], row["responsible_name"], row["responsible_phone"]
    entry = people.get(key)
    if entry is None:
        if not name and key in known.people:
            return  # someone already in the database: refer to them, change nothing
        entry = {"key": key, "name": name, "roles": []}
        people[key] = entry
        tables["people"].append(entry)
        origins["people"].append(origin)
    elif name and entry["name"] and entry["name"] != name:
        raise origin.error("name", f'person "{key}" is already named "{entry["name"]}"')
    entry["name"] = entry["name"] or name
    if phone:
        entry["phone"] = phone
    if row.get(PHONE_PUBLIC):
        entry["phone_public"] = row[PHONE_PUBLIC]
    held = entry["roles"]
    assert isinstance(held, list)
    held.extend(role for role in roles if role not in held)
