"""Moving an event between states: validated by the transition table, always logged."""

from __future__ import annotations

from datetime import datetime

from models.event import Event, EventLog
from models.states import CloseReason, EventState, check_transition


def transition(
    event: Event,
    to_state: EventState,
    *,
    actor_id: int | None,
    at: datetime,
    note: str | None = None,
    action: str | None = None,
    close_reason: CloseReason | None = None,
) -> EventLog:
    """Apply a transition to `event` (raising `IllegalTransition`) and return its log row.

    The caller adds the returned row to the session with the event. `action` names what
    happened ("ack", "handover", "escalate", ...) and defaults to the target state.
    """
    if event.id is None:
        raise ValueError("flush the event before changing its state: the log needs its id")
    check_transition(event.state, to_state, close_reason=close_reason)
    log = EventLog(
        event_id=event.id,
        actor_id=actor_id,
        at=at,
        from_state=event.state,
        to_state=to_state,
        action=action or to_state.value,
        note=note,
    )
    event.state = to_state
    event.close_reason = close_reason if to_state is EventState.CLOSED else None
    return log
