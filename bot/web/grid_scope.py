"""The part of a grid directory a console viewer may see: their houses and the levels above."""

from __future__ import annotations

from collections.abc import Collection

from bot.directory import Directory


def within(directory: Directory, house_codes: Collection[str]) -> Directory:
    houses = tuple(h for h in directory.landlord_grids if h.code in house_codes)
    micro_codes = {h.micro_grid for h in houses}
    micros = tuple(m for m in directory.micro_grids if m.code in micro_codes)
    grid_codes = {m.grid for m in micros}
    grids = tuple(g for g in directory.grids if g.code in grid_codes)
    community_codes = {g.community for g in grids}
    communities = tuple(c for c in directory.communities if c.code in community_codes)
    named = {
        *(h.leader for h in houses),
        *(m.worker for m in micros),
        *(g.worker for g in grids),
        *(c.staff for c in communities),
    }
    shown = {h.code for h in houses}
    people = tuple(p for p in directory.people if p.key in named or p.home in shown)
    return Directory(people, communities, grids, micros, houses)
