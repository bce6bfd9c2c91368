"""The plain values of an event that the follow-up policy reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum

from models.levels import Level


class EventState(StrEnum):
    ASSIGNED = "assigned"  # waiting to be acknowledged
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"  # waiting for the reporter's confirmation
    CLOSED = "closed"


@dataclass(frozen=True)
class EventSnapshot:
    """An event as the policy sees it; every datetime is timezone-aware.

    `reminders_sent` counts reminders at the current level in the current state: an
    escalation or a state change starts it again from 0. `last_action_at` is the last
    follow-up activity: a reminder, an escalation, the confirmation question, or a state
    change (acknowledge, resolve, reopen). The functions in `bot.followup.transitions`
    keep both right.
    """

    state: EventState
    created_at: datetime
    acknowledge_due: datetime
    resolve_due: datetime
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    escalation_level: Level = Level.LANDLORD_GRID_LEADER
    reminders_sent: int = 0
    last_action_at: datetime | None = None
    confirmation_asked_at: datetime | None = None
    # Assigned in quiet hours: the assignee is told when they end (TellAssignee).
    assignment_waiting: bool = False

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, datetime) and value.utcoffset() is None:
                raise ValueError(f"{field.name} must be timezone-aware, got {value.isoformat()}")
        if self.reminders_sent < 0:
            raise ValueError(f"reminders_sent cannot be negative: {self.reminders_sent}")
        if self.state is EventState.RESOLVED and self.resolved_at is None:
            raise ValueError("a resolved event needs resolved_at")
