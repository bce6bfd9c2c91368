"""Plain values for the templates: an event, its history, in local time.

Every message about an event (the report's answers, the assignment, reminders,
escalations, the confirmation question, a leader's list and details) reads the event
through `event_view`, its place named by `bot.place_names`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.place_names import place_view
from models.crud.house_names import HouseName, house_name, house_names
from models.event import Event, EventLog
from models.person import Person

HISTORY_LINES = 12  # the latest rows; an old event's whole log would drown the message


def event_view(event: Event, tz: tzinfo, house: HouseName | None) -> dict[str, Any]:
    """The event as templates/*/_report.j2's macros read it (`loc` for `place`); `house`:
    how the directory names the event's house (None: not located to one)."""
    return {
        "number": event.number,
        "kind": event.kind.value,
        "urgent": event.urgent,
        "anonymous": event.anonymous,  # a clue: its reporter is named to nobody
        "text": event.text,
        "loc": place_view(event, house),
        "created_at": event.created_at.astimezone(tz),
        "acknowledge_due": event.acknowledge_due.astimezone(tz) if event.acknowledge_due else None,
        "resolve_due": event.resolve_due.astimezone(tz) if event.resolve_due else None,
        "state": event.state.value,
    }


async def event_views(
    session: AsyncSession, events: Sequence[Event], tz: tzinfo
) -> list[dict[str, Any]]:
    """`event_view` of each event, their houses' names read at once."""
    ids = {e.landlord_grid_id for e in events if e.landlord_grid_id is not None}
    houses = await house_names(session, landlord_grid_ids=ids)
    return [
        event_view(e, tz, houses.get(e.landlord_grid_id) if e.landlord_grid_id else None)
        for e in events
    ]


async def event_view_of(
    session: AsyncSession,
    event: Event,
    tz: tzinfo,
    houses: Mapping[int, HouseName] | None = None,
) -> dict[str, Any]:
    """`event_view` with its house's name; from `houses` (read for a batch) when it is there."""
    grid = event.landlord_grid_id
    if houses is not None and grid is not None and grid in houses:
        return event_view(event, tz, houses[grid])
    house = await house_name(session, landlord_grid_id=grid)
    return event_view(event, tz, house)


async def names_of(session: AsyncSession, person_ids: set[int]) -> dict[int, str]:
    if not person_ids:
        return {}
    statement = select(Person.id, Person.name).where(col(Person.id).in_(list(person_ids)))
    rows = (await session.exec(statement)).all()
    return {person_id: name for person_id, name in rows if person_id is not None}


def history_view(
    logs: Sequence[EventLog], names: Mapping[int, str], tz: tzinfo
) -> list[dict[str, Any]]:
    return [
        {
            "at": row.at.astimezone(tz),
            "action": row.action,
            "state": row.to_state.value,
            "actor": names.get(row.actor_id) if row.actor_id is not None else None,
            "note": row.note or "",
        }
        for row in logs[-HISTORY_LINES:]
    ]
