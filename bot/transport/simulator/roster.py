"""Who can chat in the simulator and in which groups: read once from the grid directory."""

from __future__ import annotations

from dataclasses import dataclass

from bot.directory import Directory, LandlordGridEntry, PersonEntry

# The order of the identity picker: the people who answer reports first, tenants last.
ROLE_ORDER: tuple[str, ...] = (
    "community_staff",
    "grid_worker",
    "micro_grid_worker",
    "landlord_grid_leader",
    "landlord",
    "property",
    "police_liaison",
    "tenant",
)
NO_ROLE = "other"


@dataclass(frozen=True, slots=True)
class Identity:
    key: str
    contact_id: str
    name: str
    lang: str
    roles: tuple[str, ...]

    @property
    def primary_role(self) -> str:
        return next((role for role in ROLE_ORDER if role in self.roles), NO_ROLE)


@dataclass(frozen=True, slots=True)
class Group:
    chat_id: str
    name: str
    landlord_grid: str
    member_ids: tuple[str, ...]  # contact ids present from the start


def contact_id_of(person: PersonEntry) -> str:
    # People whose WeChat id is not known yet still need a stable id to chat with.
    return person.contact_id or f"sim-{person.key}"


def _group_of(directory: Directory, grid: LandlordGridEntry) -> Group:
    micro = next((m for m in directory.micro_grids if m.code == grid.micro_grid), None)
    parent = next((g for g in directory.grids if micro and g.code == micro.grid), None)
    community = next(
        (c for c in directory.communities if parent and c.code == parent.community), None
    )
    keys = [grid.leader]
    keys += [p.key for p in directory.people if p.home == grid.code]
    keys += [k for k in (micro and micro.worker, parent and parent.worker) if k]
    if community and community.staff:
        keys.append(community.staff)
    members = [directory.person(key) for key in dict.fromkeys(keys)]
    return Group(
        chat_id=grid.group_chat or f"sim-room-{grid.code}",
        name=grid.group_name or grid.name,
        landlord_grid=grid.code,
        member_ids=tuple(contact_id_of(p) for p in members if p is not None),
    )


class Roster:
    """The identities (every person of the directory) and the landlord-grid group chats."""

    def __init__(self, directory: Directory) -> None:
        people = sorted(directory.people, key=lambda p: _role_rank(p.roles))
        self.identities: tuple[Identity, ...] = tuple(
            Identity(p.key, contact_id_of(p), p.name, p.lang, tuple(p.roles)) for p in people
        )
        self.groups: tuple[Group, ...] = tuple(
            _group_of(directory, grid) for grid in directory.landlord_grids
        )
        self._identities = {identity.contact_id: identity for identity in self.identities}
        self._groups = {group.chat_id: group for group in self.groups}

    def identity(self, contact_id: str) -> Identity | None:
        return self._identities.get(contact_id)

    def group(self, chat_id: str) -> Group | None:
        return self._groups.get(chat_id)


def _role_rank(roles: tuple[str, ...]) -> int:
    return min((ROLE_ORDER.index(r) for r in roles if r in ROLE_ORDER), default=len(ROLE_ORDER))
