"""When digests go out: every morning (08:00 local) to leaders, Mondays also to workers.

A process started later in the morning still sends that morning's digests (until
`late_until`); outbox keys per person and day keep a restart or a second process from
sending any of them twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True)
class DigestPlan:
    tz: tzinfo
    at: time = time(8, 0)
    late_until: time = time(11, 0)
    weekly_on: int = 0  # Monday

    def first(self, now: datetime) -> datetime:
        """The first digest time this process handles: this morning's if not too late."""
        local = now.astimezone(self.tz)
        today = self._on(local.date())
        if today <= now and local.time() < self.late_until:
            return today
        return self.after(now)

    def after(self, moment: datetime) -> datetime:
        """The next digest time strictly after `moment`."""
        local_day = moment.astimezone(self.tz).date()
        for offset in (0, 1, 2):
            candidate = self._on(local_day + timedelta(days=offset))
            if candidate > moment:
                return candidate
        raise AssertionError("a daily time recurs within two days")

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def is_weekly(self, day: date) -> bool:
        return day.weekday() == self.weekly_on

    def _on(self, day: date) -> datetime:
        return datetime.combine(day, self.at, tzinfo=self.tz)
