"""Finding the person a leader names: a hand-over target or a deputy.

By directory key ("zhang-wei"), by name ("张伟"), or by role ("物业", "property",
"微网格员"): a ladder role is taken from the event's own ladder, other roles (property,
police) from the directory, preferring the one whose name carries the event's community.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.lang import every
from models.crud.ladder import ladder_of
from models.crud.people import directory_people, people_named, person_by_key
from models.event import Event
from models.grid import Community, LandlordGrid
from models.levels import Level
from models.person import Person

ROLES = ("micro_grid_worker", "grid_worker", "community_staff", "property", "police_liaison")

# A role as people write it ("物业", "property"), from every language's [roles]: a ladder
# level is taken from the event's own ladder, other roles from the directory.
_ROLE_WORDS = {
    word.lower(): role
    for role, words in ((role, every(f"roles.{role}")) for role in ROLES)
    for word in words
}
_LADDER_ROLES = {word: Level(role) for word, role in _ROLE_WORDS.items() if role in set(Level)}
_OTHER_ROLES = {word: role for word, role in _ROLE_WORDS.items() if role not in set(Level)}


@dataclass(frozen=True)
class Found:
    """One person, or none with the candidates that made the name ambiguous."""

    person: Person | None
    candidates: tuple[Person, ...] = field(default=())


async def find_person(session: AsyncSession, *, text: str, event: Event | None) -> Found:
    wanted = text.strip().lower()
    if not wanted:
        return Found(None)
    by_key = await person_by_key(session, key=wanted)
    if by_key is not None:
        return Found(by_key)
    named = await people_named(session, name=wanted)
    if named:
        directory = [p for p in named if p.key is not None] or named
        return Found(directory[0]) if len(directory) == 1 else Found(None, tuple(directory))
    if wanted in _LADDER_ROLES and event is not None and event.landlord_grid_id is not None:
        ladder = await ladder_of(session, landlord_grid_id=event.landlord_grid_id)
        person_id = ladder.get(_LADDER_ROLES[wanted])
        return Found(await session.get(Person, person_id) if person_id is not None else None)
    if wanted in _OTHER_ROLES:
        return await _by_role(session, _OTHER_ROLES[wanted], event)
    return Found(None)


async def _by_role(session: AsyncSession, role: str, event: Event | None) -> Found:
    holders = [p for p in await directory_people(session) if p.has_role(role)]
    if len(holders) > 1 and event is not None:
        words = await _community_words(session, event)
        local = [p for p in holders if any(word in p.name for word in words)]
        holders = local or holders
    if len(holders) == 1:
        return Found(holders[0])
    return Found(None, tuple(holders))


async def _community_words(session: AsyncSession, event: Event) -> list[str]:
    if event.landlord_grid_id is None:
        return []
    landlord_grid = await session.get_one(LandlordGrid, event.landlord_grid_id)
    community = await session.get_one(Community, landlord_grid.community_id)
    words = [community.name, community.name.removesuffix("社区"), *community.aliases]
    return [word for word in words if word]
