"""Which event a command is about: the number typed, the number in the quoted assignment,
or, when neither is given, the sender's one open event (one waiting for its reporter's
confirmation does not count: no command applies to it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.leader.numbers import EventRef, number_in_quote
from models.crud.event_queries import event_by_number, events_of_assignee
from models.event import Event
from models.person import Person
from models.states import EventState


@dataclass(frozen=True)
class EventChoice:
    event: Event | None
    problem: str = ""  # refused.j2 reason when there is no event: not_found, none_open, which
    number: str | None = None
    numbers: list[str] = field(default_factory=list)


async def choose_event(
    session: AsyncSession,
    *,
    person: Person,
    ref: EventRef | None,
    quoted: str | None,
    now: datetime,
    tz: tzinfo,
) -> EventChoice:
    ref = ref or number_in_quote(quoted)
    if ref is not None:
        number = ref.number(now.astimezone(tz).year)
        event = await event_by_number(session, number=number)
        return EventChoice(event, "not_found" if event is None else "", number)
    assert person.id is not None
    mine = [
        event
        for event in await events_of_assignee(session, person_id=person.id)
        if event.state is not EventState.RESOLVED
    ]
    if len(mine) == 1:
        return EventChoice(mine[0])
    if not mine:
        return EventChoice(None, "none_open")
    return EventChoice(None, "which", numbers=[event.number for event in mine])
