"""Who answers for an event at a level: the grid's people, with away marks and deputies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.routing.ladder import event_ids, event_rungs, resolve_assignee
from models.away import PersonAway
from models.crud.away import away_at
from models.crud.house_names import HouseName, house_names
from models.crud.ladder import ladder_of, ladders_of
from models.crud.people import people_by_ids
from models.event import Event
from models.levels import Level
from models.person import Person


@dataclass(frozen=True)
class Target:
    person: Person
    level: Level  # may be above the level asked for, when nobody answers there
    standing_in_for: Person | None = None  # the away person a deputy replaces


@dataclass(frozen=True)
class Ladders:
    """The ladders of a batch of events, who on them is away, the people and the houses'
    names, read in four statements for the whole batch instead of four per event."""

    named: dict[int, dict[Level, int]]  # by landlord grid id
    away: dict[int, PersonAway]
    people: dict[int, Person]  # everyone on them, deputies included
    houses: dict[int, HouseName]  # what messages call the landlord grids

    @classmethod
    async def read(cls, session: AsyncSession, events: Iterable[Event], now: datetime) -> Ladders:
        events = list(events)
        grids = {e.landlord_grid_id for e in events if e.landlord_grid_id is not None}
        named = await ladders_of(session, landlord_grid_ids=grids)
        people = {person for ladder in named.values() for person in ladder.values()}
        people |= {e.assignee_id for e in events if e.assignee_id is not None}
        away = await away_at(session, person_ids=people, now=now)
        deputies = {mark.deputy_id for mark in away.values() if mark.deputy_id is not None}
        return cls(
            named,
            away,
            await people_by_ids(session, person_ids=people | deputies),
            await house_names(session, landlord_grid_ids=grids),
        )

    def covers(self, event: Event) -> bool:
        """Its people were read with the batch (an event added later was not)."""
        grid = event.landlord_grid_id
        return grid is None or grid in self.named


async def ladder_ids(
    session: AsyncSession, event: Event, ladders: Ladders | None = None
) -> list[int | None]:
    """Person ids per level for `event` (see bot.routing.ladder.event_ids)."""
    if event.landlord_grid_id is None:
        return event_ids({}, assignee_id=event.assignee_id)
    if ladders is not None and event.landlord_grid_id in ladders.named:
        named = ladders.named[event.landlord_grid_id]
    else:
        named = await ladder_of(session, landlord_grid_id=event.landlord_grid_id)
    return event_ids(named, assignee_id=event.assignee_id)


async def target_at(
    session: AsyncSession,
    event: Event,
    level: Level,
    now: datetime,
    ladders: Ladders | None = None,
) -> Target | None:
    """Who gets a message about `event` at `level` now; None when nobody is named at all.
    With `ladders` (read for a batch at `now`), no statement is needed."""
    ids = await ladder_ids(session, event, ladders)
    named = {person_id for person_id in ids if person_id is not None}
    if ladders is not None and ladders.covers(event):
        away = {person: ladders.away[person] for person in named if person in ladders.away}
    else:
        away = await away_at(session, person_ids=named, now=now)
    try:
        chosen = resolve_assignee(event_rungs(ids, away), level, now)
    except ValueError:
        return None
    person = await _person(session, int(chosen.person_key), ladders)
    stand_in = chosen.standing_in_for
    replaced = await _person(session, int(stand_in), ladders) if stand_in else None
    return Target(person, chosen.level, replaced)


async def _person(session: AsyncSession, person_id: int, ladders: Ladders | None) -> Person:
    known = ladders.people.get(person_id) if ladders is not None else None
    return known if known is not None else await session.get_one(Person, person_id)
