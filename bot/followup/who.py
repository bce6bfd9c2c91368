"""Who answers for an event at a level: the grid's people, with away marks and deputies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.routing.ladder import event_ids, event_rungs, resolve_assignee
from models.crud.away import away_at
from models.crud.ladder import ladder_of
from models.event import Event
from models.levels import Level
from models.person import Person


@dataclass(frozen=True)
class Target:
    person: Person
    level: Level  # may be above the level asked for, when nobody answers there
    standing_in_for: Person | None = None  # the away person a deputy replaces


async def ladder_ids(session: AsyncSession, event: Event) -> list[int | None]:
    """Person ids per level for `event` (see bot.routing.ladder.event_ids)."""
    if event.landlord_grid_id is None:
        return event_ids({}, assignee_id=event.assignee_id)
    named = await ladder_of(session, landlord_grid_id=event.landlord_grid_id)
    return event_ids(named, assignee_id=event.assignee_id)


async def target_at(
    session: AsyncSession, event: Event, level: Level, now: datetime
) -> Target | None:
    """Who gets a message about `event` at `level` now; None when nobody is named at all."""
    ids = await ladder_ids(session, event)
    named = {person_id for person_id in ids if person_id is not None}
    away = await away_at(session, person_ids=named, now=now)
    try:
        chosen = resolve_assignee(event_rungs(ids, away), level, now)
    except ValueError:
        return None
    person = await session.get_one(Person, int(chosen.person_key))
    stand_in = chosen.standing_in_for
    replaced = await session.get_one(Person, int(stand_in)) if stand_in else None
    return Target(person, chosen.level, replaced)
