"""The follow-up configuration (bot.config) as the values the pure policy reads."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.config.settings import FollowupSettings
from bot.followup.calendar import CHINA, WorkingCalendar
from bot.followup.policy import PolicySpec, WorkingTime
from bot.followup.quiet import QuietHours
from bot.kinds import Kind


@dataclass(frozen=True)
class FollowupRules:
    """Everything the worker needs to decide a step, built once from the settings."""

    settings: FollowupSettings
    tz: ZoneInfo
    quiet: QuietHours
    working: WorkingTime

    @classmethod
    def from_settings(
        cls, followup: FollowupSettings, tz: ZoneInfo, calendar: WorkingCalendar = CHINA
    ) -> FollowupRules:
        hours = followup.quiet_hours
        return cls(
            settings=followup,
            tz=tz,
            quiet=QuietHours(tz, hours.start, hours.end),
            working=WorkingTime(tz, calendar),
        )

    def policy(self, kind: Kind, *, urgent: bool) -> PolicySpec:
        chosen = self.settings.policy_for(kind, urgent=urgent)
        return PolicySpec(
            acknowledge=chosen.acknowledge,
            resolve=chosen.resolve,
            reminder_interval=chosen.reminder_interval,
            escalate_after=chosen.escalate_after,
            urgent=chosen.urgent,
            working_time=chosen.working_time,
            confirm_within=self.settings.confirmation_timeout,
        )
