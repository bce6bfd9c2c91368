"""An event row and its log as the snapshot the policy reads.

The log is the one record of what happened, whoever wrote it (this worker, the leader
commands, the reporter's confirmation), so the counters the policy needs are read from it:
reminders since the last other activity, when that activity was, when the reporter was
asked. A merged duplicate report is not activity: it must not postpone a reminder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.followup.policy import PolicySpec, WorkingTime, initial_deadlines
from bot.followup.snapshot import EventSnapshot
from bot.followup.snapshot import EventState as Stage
from models.event import Event, EventLog
from models.levels import Level
from models.states import EventState

REMIND = "remind"
ESCALATE = "escalate"
CONFIRM_ASK = "confirm_ask"  # whoever asks the reporter (worker or resolve handler) logs this
AUTO_CLOSE = "auto_close"
# A non-urgent event assigned in quiet hours: its assignee is told when they end.
ASSIGN_HELD = "assign_held"
ASSIGN_TOLD = "assign_told"
NOT_ACTIVITY = frozenset({"merge"})

# A reopened event goes back to its assignee to be resolved again; a new one waits for an
# acknowledgement like an assigned one (it is given to the leader of its landlord grid).
_STAGES = {
    EventState.NEW: Stage.ASSIGNED,
    EventState.ASSIGNED: Stage.ASSIGNED,
    EventState.ACKNOWLEDGED: Stage.ACKNOWLEDGED,
    EventState.IN_PROGRESS: Stage.IN_PROGRESS,
    EventState.REOPENED: Stage.ACKNOWLEDGED,
    EventState.RESOLVED: Stage.RESOLVED,
    EventState.CLOSED: Stage.CLOSED,
}


def level_of(event: Event) -> Level:
    return Level.of_rank(event.escalation_level)


def snapshot_of(
    event: Event, logs: Sequence[EventLog], policy: PolicySpec, working: WorkingTime
) -> EventSnapshot:
    """`logs` are the event's rows in order (`event_history`)."""
    deadlines = initial_deadlines(event.created_at, policy, working)
    activity = [row for row in logs if row.action not in NOT_ACTIVITY]
    resolved_at = _last(activity, lambda row: _entered(row, EventState.RESOLVED))
    asked_at = _last(activity, lambda row: row.action == CONFIRM_ASK)
    if event.state is EventState.RESOLVED and resolved_at is None:
        resolved_at = activity[-1].at if activity else event.created_at
    if asked_at is not None and resolved_at is not None and asked_at < resolved_at:
        asked_at = None  # asked about an earlier resolution, before a reopen
    return EventSnapshot(
        state=_STAGES[event.state],
        created_at=event.created_at,
        acknowledge_due=event.acknowledge_due or deadlines.acknowledge,
        resolve_due=event.resolve_due or deadlines.resolve,
        acknowledged_at=_last(activity, lambda row: _entered(row, EventState.ACKNOWLEDGED)),
        resolved_at=resolved_at if event.state is EventState.RESOLVED else None,
        escalation_level=level_of(event),
        reminders_sent=_reminders_since_activity(activity),
        last_action_at=activity[-1].at if activity else None,
        confirmation_asked_at=asked_at if event.state is EventState.RESOLVED else None,
        # Anything done since (told, acknowledged, handed over) ends the wait.
        assignment_waiting=bool(activity) and activity[-1].action == ASSIGN_HELD,
    )


def _entered(row: EventLog, state: EventState) -> bool:
    return row.to_state is state and row.from_state is not state


def _last(rows: Sequence[EventLog], match: Callable[[EventLog], bool]) -> datetime | None:
    for row in reversed(rows):
        if match(row):
            return row.at
    return None


def _reminders_since_activity(rows: Sequence[EventLog]) -> int:
    count = 0
    for row in reversed(rows):
        if row.action != REMIND:
            break
        count += 1
    return count
