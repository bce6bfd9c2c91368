"""Who may change an event: its assignee (or their deputy while they are away), anyone
above the assignee on the event's ladder, and community staff. Everyone else is refused."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.routing.ladder import people_above
from models.crud.away import away_at
from models.crud.event_queries import has_open_assignment
from models.crud.ladder import ladder_of
from models.event import Event
from models.person import Person

STAFF_ROLE = "community_staff"
# People who may give commands at all; anyone else writing to the bot is a resident.
WORKER_ROLES = frozenset(
    {
        "landlord",
        "landlord_grid_leader",
        "micro_grid_worker",
        "grid_worker",
        "community_staff",
        "property",
        "police_liaison",
    }
)


async def is_worker(session: AsyncSession, person: Person | None) -> bool:
    """A directory worker, or someone an open event was handed to."""
    if person is None or person.id is None:
        return False
    if WORKER_ROLES.intersection(person.roles):
        return True
    return await has_open_assignment(session, person_id=person.id)


async def may_change(session: AsyncSession, *, person: Person, event: Event, now: datetime) -> bool:
    if person.id is None:
        return False
    if person.id == event.assignee_id or person.has_role(STAFF_ROLE):
        return True
    if event.assignee_id is not None:
        marks = await away_at(session, person_ids=[event.assignee_id], now=now)
        mark = marks.get(event.assignee_id)
        if mark is not None and mark.deputy_id == person.id:
            return True
    return person.id in await people_above_assignee(session, event=event)


async def people_above_assignee(session: AsyncSession, *, event: Event) -> list[int]:
    """Ids on the event's ladder above its assignee, nearest first; the whole ladder when the
    assignee is not on it (a hand-over to the property manager)."""
    if event.landlord_grid_id is None:
        return []
    named = await ladder_of(session, landlord_grid_id=event.landlord_grid_id)
    return people_above(named, assignee_id=event.assignee_id)
