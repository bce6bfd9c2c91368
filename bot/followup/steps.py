"""What the follow-up policy decides for one event: an action now, or a time to wait for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from models.levels import Level


class Stage(StrEnum):
    """Which deadline a reminder or an escalation is about."""

    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"


@dataclass(frozen=True)
class Remind:
    level: Level
    stage: Stage


@dataclass(frozen=True)
class Escalate:
    to_level: Level
    stage: Stage


@dataclass(frozen=True)
class TellAssignee:
    """Tell the assignee of an event assigned in quiet hours, now that they are over."""


@dataclass(frozen=True)
class AskConfirmation:
    """Ask the reporter whether the resolved event is really fixed."""


@dataclass(frozen=True)
class AutoClose:
    """The reporter did not answer in time: closed, never counted as confirmed fixed."""

    reason: Literal["fixed_unconfirmed"] = "fixed_unconfirmed"


@dataclass(frozen=True)
class Wait:
    until: datetime


@dataclass(frozen=True)
class Done:
    """Nothing more will ever be due (the event is closed)."""


Step = Remind | Escalate | TellAssignee | AskConfirmation | AutoClose | Wait | Done
