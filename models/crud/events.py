"""Creating events and changing their state, each change with its log row."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session, configure_mappers, make_transient_to_detached
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from bot.privacy.masks import mask_text
from models import event_counts
from models.crud.numbering import take_number
from models.event import Event, EventLog, EventReporter
from models.lifecycle import transition
from models.states import CloseReason, EventState, check_transition

_EVENT_TABLE: Table = Event.__table__  # type: ignore[attr-defined]
_LOG_TABLE: Table = EventLog.__table__  # type: ignore[attr-defined]
_REPORTER_TABLE: Table = EventReporter.__table__  # type: ignore[attr-defined]
# Built once: every report inserts an event and its log rows.
_INSERT_EVENT = _EVENT_TABLE.insert().returning(_EVENT_TABLE.c.id)
_INSERT_LOG = _LOG_TABLE.insert()
_INSERT_REPORTER = _REPORTER_TABLE.insert()


async def create_event(
    session: AsyncSession,
    *,
    kind: Kind,
    text: str,
    created_at: datetime,
    tz: tzinfo,
    urgent: bool = False,
    anonymous: bool = False,
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
    state = EventState.NEW
    if assignee_id is not None:
        check_transition(state, EventState.ASSIGNED)
        state = EventState.ASSIGNED  # stored so at once: no UPDATE right after the INSERT
    values: dict[str, Any] = {
        "number": None,  # taken with the INSERT
        "kind": kind,
        "urgent": urgent,
        "anonymous": anonymous,
        "community": community,
        "building": building,
        "unit": unit,
        "floor": floor,
        "room": room,
        "landlord_grid_id": landlord_grid_id,
        "text": mask_text(text),
        "reporter_id": reporter_id,
        "source_chat_id": source_chat_id,
        "source_message_id": source_message_id,
        "assignee_id": assignee_id,
        "state": state,
        "close_reason": None,
        "created_at": created_at,
        "acknowledge_due": acknowledge_due,
        "resolve_due": resolve_due,
        "next_action_at": next_action_at,
        "reminders_sent": 0,
        "escalation_level": 0,
    }
    # A Core INSERT ... RETURNING id, and the event joins the session as if loaded: the ORM's
    # unit of work cost several times the statement. Taking the number (a session statement)
    # flushes first whatever the new row's foreign keys may point at.
    year = created_at.astimezone(tz).year
    event_id = await session.run_sync(_insert_event, values, year, assigned=assignee_id is not None)
    event_counts.note(session.sync_session, event_counts.OPENED, kind.value)
    return _loaded(session, {"id": event_id, **values})


def _insert_event(session: Session, values: dict[str, Any], year: int, *, assigned: bool) -> int:
    """Number, event and log rows in one trip to the session's sync side (each `await` on an
    AsyncSession is one, and cost as much as a statement); `values` gets the number."""
    values["number"] = take_number(session, year=year)  # a session statement: it autoflushes
    connection = session.connection()
    event_id: int = connection.execute(_INSERT_EVENT, values).scalar_one()
    at, reporter_id = values["created_at"], values["reporter_id"]
    # An anonymous report's log names nobody: the console's timeline and the escalations'
    # histories show the log's actors.
    actor_id = None if values["anonymous"] else reporter_id
    logs = [_log_row(event_id, actor_id, at, None, EventState.NEW, "report")]
    if assigned:
        logs.append(_log_row(event_id, None, at, EventState.NEW, EventState.ASSIGNED, "assign"))
    connection.execute(_INSERT_LOG, logs)
    return event_id


def _insert_reporter(session: Session, reporter: dict[str, Any], log: dict[str, Any]) -> None:
    """Core INSERTs, as for a new event's log, in one trip to the session's sync side: the
    unit of work cost several times the statements, and whatever reads these rows back
    (session.get, reporters_of) asks the database, which has them."""
    connection = session.connection()
    connection.execute(_INSERT_REPORTER, reporter)
    connection.execute(_INSERT_LOG, log)


def _loaded(session: AsyncSession, row: dict[str, Any]) -> Event:
    """The stored `row` as an Event in the session, made the way the ORM makes one it loads
    (`Event(...)` alone cost more than the INSERT): later changes to it are UPDATEs."""
    configure_mappers()  # a no-op once done; needed if nothing was queried in this process yet
    event: Event = manager_of_class(Event).new_instance()
    event.__dict__.update(row)
    make_transient_to_detached(event)  # every column given: nothing is left to load
    session.add(event)
    return event


def _log_row(
    event_id: int,
    actor_id: int | None,
    at: datetime,
    from_state: EventState | None,
    to_state: EventState,
    action: str,
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "actor_id": actor_id,
        "at": at,
        "from_state": from_state,
        "to_state": to_state,
        "action": action,
        "note": None,
    }


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
    if to_state is EventState.CLOSED:
        event_counts.note(session.sync_session, event_counts.CLOSED, event.kind.value)
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
    reporter = {
        "event_id": event.id,
        "person_id": person_id,
        "source_chat_id": source_chat_id,
        "source_message_id": source_message_id,
        "text": masked,
        "added_at": at,
    }
    log = _log_row(event.id, person_id, at, event.state, event.state, "merge") | {"note": masked}
    await session.run_sync(_insert_reporter, reporter, log)
    return True


def log_action(
    session: AsyncSession,
    *,
    event: Event,
    action: str,
    at: datetime,
    note: str | None = None,
    actor_id: int | None = None,
) -> EventLog:
    """Log something that happened to `event` without changing its state (a reminder, the
    confirmation question, a correction, an upgrade to urgent); added with the event."""
    assert event.id is not None
    row = EventLog(
        event_id=event.id,
        actor_id=actor_id,
        at=at,
        from_state=event.state,
        to_state=event.state,
        action=action,
        note=note,
    )
    session.add(row)
    session.add(event)
    return row
