"""Cross-entry rules: unique codes, existing parents and people, one landlord grid per building."""

from __future__ import annotations

from collections.abc import Iterable

from bot.directory.entries import Directory, Known, Origin


def _unique(pairs: Iterable[tuple[str | None, Origin]], key: str, what: str) -> set[str]:
    seen: dict[str, Origin] = {}
    for value, origin in pairs:
        if value is None:
            continue
        if value in seen:
            raise origin.error(key, f'duplicate {what} "{value}" (first at {seen[value].where})')
        seen[value] = origin
    return set(seen)


def _exists(value: str | None, names: set[str], origin: Origin, key: str, what: str) -> None:
    if value is not None and value not in names:
        raise origin.error(key, f'unknown {what} "{value}"')


def check_references(directory: Directory, known: Known) -> None:
    d = directory
    people = _unique(((p.key, p.origin) for p in d.people), "key", "person key") | known.people
    _unique(((p.contact_id, p.origin) for p in d.people), "contact_id", "contact id")
    communities = _unique(((c.code, c.origin) for c in d.communities), "code", "community code")
    grids = _unique(((g.code, g.origin) for g in d.grids), "code", "grid code")
    micro_grids = _unique(((m.code, m.origin) for m in d.micro_grids), "code", "micro-grid code")
    landlord_grids = _unique(
        ((lg.code, lg.origin) for lg in d.landlord_grids), "code", "landlord grid code"
    )
    _unique(((lg.group_chat, lg.origin) for lg in d.landlord_grids), "group_chat", "group chat")
    for c in d.communities:
        _exists(c.staff, people, c.origin, "staff", "person")
    for g in d.grids:
        _exists(g.community, communities | known.communities, g.origin, "community", "community")
        _exists(g.worker, people, g.origin, "worker", "person")
    for m in d.micro_grids:
        _exists(m.grid, grids | known.grids, m.origin, "grid", "grid")
        _exists(m.worker, people, m.origin, "worker", "person")
    for lg in d.landlord_grids:
        _exists(
            lg.micro_grid, micro_grids | known.micro_grids, lg.origin, "micro_grid", "micro-grid"
        )
        _exists(lg.leader, people, lg.origin, "leader", "person")
    for p in d.people:
        _exists(p.home, landlord_grids | known.landlord_grids, p.origin, "home", "landlord grid")
        if p.room is not None and p.home is None:
            raise p.origin.error("room", "needs `home` (the landlord grid the room is in)")
    _check_buildings(directory)


def _check_buildings(directory: Directory) -> None:
    """A building belongs to one landlord grid per community (only knowable within the file here;
    the database sync checks against stored grids)."""
    community_of_grid = {g.code: g.community for g in directory.grids}
    grid_of_micro = {m.code: m.grid for m in directory.micro_grids}
    seen: dict[tuple[str, str], Origin] = {}
    for lg in directory.landlord_grids:
        grid = grid_of_micro.get(lg.micro_grid)
        community = community_of_grid.get(grid) if grid is not None else None
        if community is None:
            continue
        for building in lg.buildings:
            first = seen.setdefault((community, building), lg.origin)
            if first is not lg.origin:
                raise lg.origin.error(
                    "buildings",
                    f'building "{building}" of community "{community}" already belongs to '
                    f"another landlord grid ({first.where})",
                )
