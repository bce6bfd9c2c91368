"""The follow-up configuration (bot.config) as the values the pure policy reads.

Built once when the app is composed and handed to the worker and, as the `rules` context
value, to the handlers: deadlines, quiet hours and the confirmation timeout have one source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config.settings import FollowupSettings
from bot.followup.calendar import CHINA, WorkingCalendar
from bot.followup.policy import Deadlines, PolicySpec, WorkingTime, initial_deadlines
from bot.followup.quiet import QuietHours
from bot.kinds import Kind


@dataclass(frozen=True)
class FollowupRules:
    """Everything the worker and the handlers need to decide a step or a deadline."""

    settings: FollowupSettings
    tz: ZoneInfo
    quiet: QuietHours
    working: WorkingTime
    policies: Mapping[tuple[Kind, bool], PolicySpec]  # by (kind, urgent)

    @classmethod
    def from_settings(
        cls, followup: FollowupSettings, tz: ZoneInfo, calendar: WorkingCalendar = CHINA
    ) -> FollowupRules:
        hours = followup.quiet_hours
        quiet = QuietHours(tz, hours.start, hours.end)
        return cls(
            settings=followup,
            tz=tz,
            quiet=quiet,
            working=WorkingTime(tz, calendar, quiet=quiet),
            policies={
                (kind, urgent): _spec(followup, kind, urgent)
                for kind in Kind
                for urgent in (False, True)
            },
        )

    def policy(self, kind: Kind, *, urgent: bool) -> PolicySpec:
        return self.policies[(kind, urgent)]

    def deadlines(self, kind: Kind, *, urgent: bool, start: datetime) -> Deadlines:
        """When an event of `kind` assigned (or handed over, reopened) at `start` is due."""
        return initial_deadlines(start, self.policy(kind, urgent=urgent), self.working)

    def holds_back(self, *, urgent: bool, now: datetime) -> bool:
        """Whether a message about an event waits out the quiet hours (urgent ones do not;
        the worker sends what waited once they end)."""
        return not urgent and self.quiet.contains(now)

    @property
    def confirm_hours(self) -> int:
        """The confirmation timeout as the question to the reporters words it."""
        return int(self.settings.confirmation_timeout.total_seconds() // 3600)


def _spec(followup: FollowupSettings, kind: Kind, urgent: bool) -> PolicySpec:
    chosen = followup.policy_for(kind, urgent=urgent)
    return PolicySpec(
        acknowledge=chosen.acknowledge,
        resolve=chosen.resolve,
        reminder_interval=chosen.reminder_interval,
        escalate_after=chosen.escalate_after,
        urgent=chosen.urgent,
        working_time=chosen.working_time,
        confirm_within=followup.confirmation_timeout,
    )
