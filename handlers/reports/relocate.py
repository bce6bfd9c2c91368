"""Applying a corrected place to a stored event: log it, tell the group and the leader.

A building of another landlord grid moves the event there (its leader is assigned and the
previous one told); a resolved or closed event keeps its assignee, only its place changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson
from handlers.reports.location import Place
from handlers.reports.messages import (
    Report,
    event_location,
    event_values,
    location_values,
)
from models.crud.events import change_state, log_action
from models.event import Event
from models.person import Person
from models.states import EventState

_MOVABLE = frozenset(
    {EventState.ASSIGNED, EventState.ACKNOWLEDGED, EventState.IN_PROGRESS, EventState.REOPENED}
)


async def relocate(
    session: AsyncSession,
    *,
    event: Event,
    place: Place,
    report: Report,
    actor_id: int | None,
    settings: Settings,
    now: datetime,
) -> list[Outbound]:
    assert event.id is not None
    before = (await event_values(session, event, tz=settings.timezone))["loc"]
    old = location_values(event_location(event))
    loc = place.location
    event.community, event.building, event.unit = loc.community, loc.building, loc.unit
    event.floor, event.room = loc.floor, loc.room
    note = " → ".join(_short(v) for v in (old, location_values(loc)))
    log_action(session, event=event, action="correct", at=now, note=note, actor_id=actor_id)
    previous = await session.get(Person, event.assignee_id) if event.assignee_id else None
    grid = place.landlord_grid
    moved = grid is not None and grid.id != event.landlord_grid_id and event.state in _MOVABLE
    assignee = previous
    if moved and grid is not None and grid.id is not None:
        assignee = await session.get_one(Person, grid.leader_id)
        event.landlord_grid_id, event.assignee_id = grid.id, assignee.id
        await change_state(
            session,
            event=event,
            to_state=EventState.ASSIGNED,
            actor_id=actor_id,
            at=now,
            action="reroute",
            note=note,
        )
    session.add(event)
    await session.flush()
    values = await event_values(session, event, tz=settings.timezone) | {
        "before": before,
        "handler": assignee.name if assignee else None,
        "reporter": report.sender_name,
        "moved": moved,
        "numbers": (),
    }
    outbounds = [report.answer("report_corrected", values)]
    hold = not event.urgent  # news for the leaders that can wait for the morning
    if moved:
        outbounds += _dm(assignee, "report_assign", values, hold)
        outbounds += _dm(previous, "report_moved", values, hold)
    else:
        outbounds += _dm(assignee, "report_corrected_leader", values, hold)
    return outbounds


def _dm(
    person: Person | None, template: str, values: dict[str, object], hold: bool
) -> list[Outbound]:
    if person is None or person.contact_id is None:
        return []
    return [Outbound(template, ToPerson(person.contact_id, person.lang), values, hold=hold)]


def _short(values: dict[str, str | None]) -> str:
    return "/".join(v for v in values.values() if v) or "?"
