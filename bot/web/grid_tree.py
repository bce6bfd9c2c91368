"""The grid hierarchy as a tree of nodes for the /grid page."""

from __future__ import annotations

from dataclasses import dataclass

from bot.directory import Directory, LandlordGridEntry, PersonEntry


@dataclass(frozen=True, slots=True)
class Node:
    level: str  # community | grid | micro_grid | landlord_grid
    code: str
    name: str
    responsible: PersonEntry | None
    children: tuple[Node, ...] = ()
    buildings: tuple[str, ...] = ()
    address: str | None = None
    group_name: str | None = None
    group_chat: str | None = None
    residents: tuple[PersonEntry, ...] = ()


def grid_tree(directory: Directory) -> tuple[Node, ...]:
    def person(key: str | None) -> PersonEntry | None:
        return directory.person(key) if key else None

    def landlord_grid(entry: LandlordGridEntry) -> Node:
        return Node(
            "landlord_grid",
            entry.code,
            entry.name,
            person(entry.leader),
            buildings=entry.buildings,
            address=entry.address,
            group_name=entry.group_name,
            group_chat=entry.group_chat,
            residents=tuple(p for p in directory.people if p.home == entry.code),
        )

    def micro_grid(code: str, name: str, worker: str | None) -> Node:
        houses = (landlord_grid(h) for h in directory.landlord_grids if h.micro_grid == code)
        return Node("micro_grid", code, name, person(worker), tuple(houses))

    def grid(code: str, name: str, worker: str | None) -> Node:
        micros = (
            micro_grid(m.code, m.name, m.worker) for m in directory.micro_grids if m.grid == code
        )
        return Node("grid", code, name, person(worker), tuple(micros))

    return tuple(
        Node(
            "community",
            community.code,
            community.name,
            person(community.staff),
            tuple(
                grid(g.code, g.name, g.worker)
                for g in directory.grids
                if g.community == community.code
            ),
        )
        for community in directory.communities
    )
