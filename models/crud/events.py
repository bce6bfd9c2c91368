"""Creating events and changing their state, each change with its log row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from sqlalchemy import Table
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from bot.privacy import mask_text
from models.crud.numbering import next_event_number
from models.event import Event, EventLog, EventReporter
from models.lifecycle import transition
from models.states import CloseReason, EventState, check_transition

_LOG_TABLE: Table = EventLog.__table__  # type: ignore[attr-defined]


async def create_event(
    session: AsyncSession,
    *,
    kind: Kind,
    text: str,
    created_at: datetime,
    tz: tzinfo,
    urgent: bool = False,
    community: str | None = None,
    building: str | None = None,
    unit: str | None = None,
    floor: str | None = None,
    room: str | None = None,
    landlord_grid_id: int | None = None,
    reporter_id: int | None = None,
    source_chat_id: str | None = None,
    source_message_id: str | None = None,
    assignee_id: int | None = None,
    acknowledge_due: datetime | None = None,
    resolve_due: datetime | None = None,
    next_action_at: datetime | None = None,
) -> Event:
    """Store a new event with the next number of its local year (`tz`) and log it.

    The report text is stored with personal numbers masked: the register keeps them
    encrypted, and an event row must not become a second, clear-text copy.

    With `assignee_id` it is assigned at once (a second log row, new → assigned).
    """
    number = await next_event_number(session, year=created_at.astimezone(tz).year)
    state = EventState.NEW
    if assignee_id is not None:
        check_transition(state, EventState.ASSIGNED)
        state = EventState.ASSIGNED  # stored so at once: no UPDATE right after the INSERT
    event = Event(
        number=number,
        kind=kind,
        urgent=urgent,
        community=community,
        building=building,
        unit=unit,
        floor=floor,
        room=room,
        landlord_grid_id=landlord_grid_id,
        text=mask_text(text),
        reporter_id=reporter_id,
        source_chat_id=source_chat_id,
        source_message_id=source_message_id,
        assignee_id=assignee_id,
        state=state,
        created_at=created_at,
        acknowledge_due=acknowledge_due,
        resolve_due=resolve_due,
        next_action_at=next_action_at,
    )
    session.add(event)
    await session.flush()
    assert event.id is not None
    logs = [
        EventLog(
            event_id=event.id,
            actor_id=reporter_id,
            at=created_at,
            from_state=None,
            to_state=EventState.NEW,
            action="report",
        )
    ]
    if assignee_id is not None:
        logs.append(
            EventLog(
                event_id=event.id,
                actor_id=None,
                at=created_at,
                from_state=EventState.NEW,
                to_state=EventState.ASSIGNED,
                action="assign",
            )
        )
    await insert_logs(session, logs)
    return event


async def insert_logs(session: AsyncSession, logs: Sequence[EventLog]) -> None:
    """Store log rows in one statement, outside the unit of work: nothing reads them back in
    the transaction that writes them, and the ORM would fetch each new id on its own."""
    if logs:
        connection = await session.connection()
        await connection.execute(
            _LOG_TABLE.insert(), [log.model_dump(exclude={"id"}) for log in logs]
        )


async def change_state(
    session: AsyncSession,
    *,
    event: Event,
    to_state: EventState,
    actor_id: int | None,
    at: datetime,
    note: str | None = None,
    action: str | None = None,
    close_reason: CloseReason | None = None,
) -> EventLog:
    """Validate and apply a transition (raises `IllegalTransition`) and store its log row."""
    log = transition(
        event,
        to_state,
        actor_id=actor_id,
        at=at,
        note=note,
        action=action,
        close_reason=close_reason,
    )
    session.add(event)
    session.add(log)
    await session.flush()
    return log


async def add_reporter(
    session: AsyncSession,
    *,
    event: Event,
    person_id: int,
    at: datetime,
    source_chat_id: str | None = None,
    source_message_id: str | None = None,
    text: str | None = None,
    merged_already: bool | None = None,
) -> bool:
    """Join another reporter to `event` (a merged duplicate); False if they already are one.

    `merged_already`: whether they are a merged reporter, when the caller knows (else asked).
    """
    assert event.id is not None
    if merged_already is None:
        merged_already = await session.get(EventReporter, (event.id, person_id)) is not None
    if person_id == event.reporter_id or merged_already:
        return False
    masked = None if text is None else mask_text(text)
    session.add(
        EventReporter(
            event_id=event.id,
            person_id=person_id,
            source_chat_id=source_chat_id,
            source_message_id=source_message_id,
            text=masked,
            added_at=at,
        )
    )
    session.add(
        EventLog(
            event_id=event.id,
            actor_id=person_id,
            at=at,
            from_state=event.state,
            to_state=event.state,
            action="merge",
            note=masked,
        )
    )
    await session.flush()
    return True
