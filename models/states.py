"""Event states, close reasons and the one table of legal transitions."""

from __future__ import annotations

from enum import StrEnum


class EventState(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"


class CloseReason(StrEnum):
    FIXED = "fixed"
    FIXED_UNCONFIRMED = "fixed_unconfirmed"  # the reporter never answered the confirmation
    NO_ACTION = "no_action"
    NOT_RESPONSIBLE = "not_responsible"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"


S = EventState
OPEN_STATES: frozenset[EventState] = frozenset(set(S) - {S.CLOSED})

# Assigned → assigned is a hand-over or an escalation to someone else; acknowledged or
# in-progress → assigned is "sent back". Closing is possible from every open state
# (withdrawn, duplicate, not responsible), but only reopening leaves closed.
TRANSITIONS: dict[EventState, frozenset[EventState]] = {
    S.NEW: frozenset({S.ASSIGNED, S.CLOSED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.ACKNOWLEDGED: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.CLOSED: frozenset({S.REOPENED}),
}


class IllegalTransition(Exception):
    """An event cannot go from its state to the one asked for (a domain error, not a bug)."""

    def __init__(self, from_state: EventState, to_state: EventState, why: str = "") -> None:
        self.from_state = from_state
        self.to_state = to_state
        super().__init__(f"event cannot go from {from_state} to {to_state}{why}")


def check_transition(
    from_state: EventState | str,
    to_state: EventState | str,
    *,
    close_reason: CloseReason | str | None = None,
) -> None:
    """Raise `IllegalTransition` unless the move is in the table and a close has a reason."""
    source, target = EventState(from_state), EventState(to_state)
    if target not in TRANSITIONS[source]:
        raise IllegalTransition(source, target)
    if target is S.CLOSED and close_reason is None:
        raise IllegalTransition(source, target, ": closing needs a close reason")
    if target is not S.CLOSED and close_reason is not None:
        raise IllegalTransition(source, target, ": only closing takes a close reason")
    if close_reason is not None:
        CloseReason(close_reason)
