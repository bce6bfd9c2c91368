"""Following events up until they are closed.

The pure parts (no I/O, time passed in): `calendar` (working time on the Chinese
calendar), `quiet` (quiet hours), `snapshot` and
`steps` (the values the policy reads and returns), `policy` (deadlines and the next step)
and `transitions` (how a snapshot changes). The worker that stores and sends is apart.
"""

from bot.followup.calendar import (
    CHINA,
    WorkingCalendar,
    add_working_time,
    is_working_day,
    working_time_between,
)
from bot.followup.policy import Deadlines, PolicySpec, WorkingTime, initial_deadlines, next_step
from bot.followup.quiet import QuietHours, in_quiet_hours, next_send_time
from bot.followup.snapshot import EventSnapshot, EventState
from bot.followup.steps import AskConfirmation, AutoClose, Done, Escalate, Remind, Stage, Step, Wait

__all__ = [
    "CHINA",
    "AskConfirmation",
    "AutoClose",
    "Deadlines",
    "Done",
    "Escalate",
    "EventSnapshot",
    "EventState",
    "PolicySpec",
    "QuietHours",
    "Remind",
    "Stage",
    "Step",
    "Wait",
    "WorkingCalendar",
    "WorkingTime",
    "add_working_time",
    "in_quiet_hours",
    "initial_deadlines",
    "is_working_day",
    "next_send_time",
    "next_step",
    "working_time_between",
]
