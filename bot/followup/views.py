"""Plain values for the follow-up templates: an event, its history, in local time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.event import Event, EventLog
from models.person import Person

HISTORY_LINES = 12  # the latest rows; an old event's whole log would drown the message


def event_view(event: Event, tz: tzinfo) -> dict[str, Any]:
    """The event as templates/*/_report.j2's macros read it (`loc` for `place`)."""
    loc = {
        "community": event.community,
        "building": event.building,
        "unit": event.unit,
        "floor": event.floor,
        "room": event.room,
    }
    return {
        "number": event.number,
        "kind": event.kind.value,
        "urgent": event.urgent,
        "text": event.text,
        "loc": loc,
        "created_at": event.created_at.astimezone(tz),
        "acknowledge_due": event.acknowledge_due.astimezone(tz) if event.acknowledge_due else None,
        "resolve_due": event.resolve_due.astimezone(tz) if event.resolve_due else None,
        "state": event.state.value,
    }


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
