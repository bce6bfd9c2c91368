"""The follow-up policy as pure decisions: deadlines at creation, and the next step.

Rules, in the words of the issue and as decided here:
- A missed deadline sends a reminder to the current level; after `escalate_after`
  reminders without an answer, the next due time escalates one level instead (the
  reminder interval gives the last reminder its chance). The community is the top:
  there the reminders simply go on.
- Urgent events count elapsed time and their reminders go out even in quiet hours, until
  someone acknowledges. After that, and for every non-urgent event, nothing is sent in
  quiet hours: the step waits for their end. Non-urgent deadlines and reminder intervals
  count only time outside the quiet hours (a leak reported at 00:39 with an hour to
  acknowledge is due at 08:30 when the quiet hours end at 07:30), and `working_time`
  counts only working time on the Chinese calendar besides.
- A non-urgent event assigned in quiet hours tells its assignee when they end
  (`TellAssignee`), like every other non-urgent message.
- A resolved event asks the reporter (never in quiet hours); no answer within
  `confirm_within` (48 hours of elapsed time by default) closes it as fixed_unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from bot.followup.calendar import (
    CHINA,
    WorkdayHours,
    WorkingCalendar,
    add_counted_time,
    overlap,
    working_windows,
)
from bot.followup.quiet import QuietHours
from bot.followup.snapshot import EventSnapshot, EventState
from bot.followup.steps import (
    AskConfirmation,
    AutoClose,
    Done,
    Escalate,
    Remind,
    Stage,
    Step,
    TellAssignee,
    Wait,
)


@dataclass(frozen=True)
class PolicySpec:
    acknowledge: timedelta
    resolve: timedelta
    reminder_interval: timedelta
    escalate_after: int
    urgent: bool = False
    working_time: bool = False  # ignored when urgent: urgent deadlines count elapsed time
    confirm_within: timedelta = timedelta(hours=48)

    def __post_init__(self) -> None:
        for name in ("acknowledge", "resolve", "reminder_interval", "confirm_within"):
            if getattr(self, name) <= timedelta(0):
                raise ValueError(f"the policy's {name} must be positive, got {getattr(self, name)}")
        if self.escalate_after < 0:
            raise ValueError(f"escalate_after cannot be negative, got {self.escalate_after}")

    @property
    def counts_working_time(self) -> bool:
        return self.working_time and not self.urgent


@dataclass(frozen=True)
class WorkingTime:
    """How the deadlines of non-urgent events count time: outside the quiet hours
    (`quiet`; None counts every hour), and, for the policies that ask for working time,
    only on working days (within `hours` where given)."""

    tz: tzinfo
    calendar: WorkingCalendar = field(default=CHINA, compare=False)
    hours: WorkdayHours | None = None
    quiet: QuietHours | None = None

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """`duration` of working time (outside the quiet hours) after `start`."""
        working = working_windows(self.tz, self.hours, self.calendar)
        quiet = self.quiet
        if quiet is None:
            return add_counted_time(start, duration, tz=self.tz, windows=working)
        return add_counted_time(
            start, duration, tz=self.tz, windows=lambda day: overlap(working(day), quiet.awake(day))
        )

    def add_awake(self, start: datetime, duration: timedelta) -> datetime:
        """`duration` of time outside the quiet hours after `start`."""
        return start + duration if self.quiet is None else self.quiet.add_outside(start, duration)


@dataclass(frozen=True)
class Deadlines:
    acknowledge: datetime
    resolve: datetime


def initial_deadlines(start: datetime, policy: PolicySpec, working: WorkingTime) -> Deadlines:
    """The deadlines of an event created (or, for `resolve`, reopened) at `start`."""
    return Deadlines(
        acknowledge=_after(start, policy.acknowledge, policy, working),
        resolve=_after(start, policy.resolve, policy, working),
    )


def next_step(
    event: EventSnapshot,
    now: datetime,
    policy: PolicySpec,
    quiet: QuietHours,
    working: WorkingTime | None = None,
) -> Step:
    """What to do for `event` at `now`: an action to take now, or `Wait(until)`.

    `working` defaults to whole working days outside `quiet`, in its zone.
    """
    if now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now.isoformat()}")
    working = working or WorkingTime(quiet.tz, quiet=quiet)
    if event.state is EventState.CLOSED:
        return Done()
    if event.state is EventState.RESOLVED:
        return _confirmation_step(event, now, policy, quiet)
    stage = Stage.ACKNOWLEDGE if event.state is EventState.ASSIGNED else Stage.RESOLVE
    if stage is Stage.ACKNOWLEDGE and event.assignment_waiting:
        return _at(event.last_action_at or event.created_at, now, TellAssignee(), quiet)
    deadline = event.acknowledge_due if stage is Stage.ACKNOWLEDGE else event.resolve_due
    last = event.last_action_at
    if last is None or last < deadline:
        due = deadline
    else:
        due = _after(last, policy.reminder_interval, policy, working)
    level = event.escalation_level
    action: Step = Remind(level, stage)
    if event.reminders_sent >= policy.escalate_after and not level.is_top:
        action = Escalate(level.next_up(), stage)
    urgent = policy.urgent and stage is Stage.ACKNOWLEDGE
    return _at(due, now, action, None if urgent else quiet)


def _confirmation_step(
    event: EventSnapshot, now: datetime, policy: PolicySpec, quiet: QuietHours
) -> Step:
    asked = event.confirmation_asked_at
    if asked is None:
        assert event.resolved_at is not None  # EventSnapshot guarantees it when resolved
        return _at(event.resolved_at, now, AskConfirmation(), quiet)
    # The closing line goes to the group too, so it also waits out the quiet hours.
    return _at(asked + policy.confirm_within, now, AutoClose(), quiet)


def _at(due: datetime, now: datetime, action: Step, quiet: QuietHours | None) -> Step:
    send_at = max(due, now)
    if quiet is not None:
        send_at = quiet.next_send_time(send_at)
    return action if send_at <= now else Wait(send_at)


def _after(
    start: datetime, duration: timedelta, policy: PolicySpec, working: WorkingTime
) -> datetime:
    """Urgent events count every hour; the others count none of the quiet hours (nobody
    is asked to act at night), and working time where their policy says so."""
    if policy.urgent:
        return start + duration
    if policy.working_time:
        return working.add(start, duration)
    return working.add_awake(start, duration)
