"""How an event snapshot changes after a follow-up step or a person's action.

Pure: the worker and the leader handlers store what these return, so the counters the
policy reads (`reminders_sent`, `last_action_at`) mean the same everywhere.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.followup.snapshot import EventSnapshot, EventState
from bot.followup.steps import AskConfirmation, AutoClose, Escalate, Remind, Step, TellAssignee

_OPEN = frozenset({EventState.ASSIGNED, EventState.ACKNOWLEDGED, EventState.IN_PROGRESS})


def after_step(event: EventSnapshot, step: Step, now: datetime) -> EventSnapshot:
    """The snapshot once `step` has been carried out at `now` (Wait and Done change nothing)."""
    if isinstance(step, Remind):
        return replace(event, reminders_sent=event.reminders_sent + 1, last_action_at=now)
    if isinstance(step, Escalate):
        return replace(event, escalation_level=step.to_level, reminders_sent=0, last_action_at=now)
    if isinstance(step, TellAssignee):
        return replace(event, assignment_waiting=False, last_action_at=now)
    if isinstance(step, AskConfirmation):
        return replace(event, confirmation_asked_at=now, last_action_at=now)
    if isinstance(step, AutoClose):
        return replace(event, state=EventState.CLOSED, last_action_at=now)
    return event


def acknowledged(event: EventSnapshot, now: datetime) -> EventSnapshot:
    _require(event, {EventState.ASSIGNED}, "acknowledge")
    return replace(
        event,
        state=EventState.ACKNOWLEDGED,
        acknowledged_at=now,
        reminders_sent=0,
        last_action_at=now,
    )


def resolved(event: EventSnapshot, now: datetime) -> EventSnapshot:
    _require(event, _OPEN, "resolve")
    return replace(
        event,
        state=EventState.RESOLVED,
        acknowledged_at=event.acknowledged_at or now,
        resolved_at=now,
        confirmation_asked_at=None,
        reminders_sent=0,
        last_action_at=now,
    )


def reopened(event: EventSnapshot, now: datetime, *, resolve_due: datetime) -> EventSnapshot:
    """The reporter says it is not fixed: back to the assignee with a fresh resolve deadline."""
    _require(event, {EventState.RESOLVED}, "reopen")
    return replace(
        event,
        state=EventState.ACKNOWLEDGED,
        resolve_due=resolve_due,
        resolved_at=None,
        confirmation_asked_at=None,
        reminders_sent=0,
        last_action_at=now,
    )


def confirmed_fixed(event: EventSnapshot, now: datetime) -> EventSnapshot:
    _require(event, {EventState.RESOLVED}, "confirm")
    return replace(event, state=EventState.CLOSED, last_action_at=now)


def _require(
    event: EventSnapshot, states: set[EventState] | frozenset[EventState], verb: str
) -> None:
    if event.state not in states:
        raise ValueError(f"cannot {verb} an event that is {event.state}")
