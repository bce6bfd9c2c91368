"""The `[followup]` table: a policy per event kind, an urgent and a default policy, quiet hours."""

from __future__ import annotations

from datetime import time, timedelta
from types import MappingProxyType

from bot.config import values
from bot.config.errors import Invalid
from bot.config.section import Section
from bot.config.settings import FollowupPolicy, FollowupSettings, QuietHoursSettings
from bot.kinds import INCIDENT_KINDS, Kind

BUILTIN_DEFAULT = FollowupPolicy(
    acknowledge=timedelta(hours=2),
    resolve=timedelta(hours=72),
    reminder_interval=timedelta(hours=2),
    escalate_after=2,
    urgent=False,
    working_time=True,
)
BUILTIN_URGENT = FollowupPolicy(
    acknowledge=timedelta(minutes=5),
    resolve=timedelta(hours=2),
    reminder_interval=timedelta(minutes=5),
    escalate_after=2,
    urgent=True,
    working_time=False,
)
POLICY_KEYS = frozenset(
    {"acknowledge", "resolve", "reminder_interval", "escalate_after", "urgent", "working_time"}
)
_KIND_KEYS = frozenset(kind.value for kind in INCIDENT_KINDS)
FOLLOWUP_KEYS = _KIND_KEYS | {
    "default",
    "urgent",
    "quiet_hours",
    "confirmation_timeout",
    "duplicate_window",
}


FOLLOWUP_HINTS = {
    kind.value: "no follow-up for this kind; policies are for "
    + ", ".join(sorted(_KIND_KEYS))
    + ", urgent and default"
    for kind in Kind
    if kind not in INCIDENT_KINDS
}


def followup_settings(section: Section) -> FollowupSettings:
    default = _policy(section.table("default", POLICY_KEYS), BUILTIN_DEFAULT)
    urgent = _policy(section.table("urgent", POLICY_KEYS), BUILTIN_URGENT)
    kinds = {
        Kind(name): _policy(section.table(name, POLICY_KEYS), default)
        for name in sorted(_KIND_KEYS & section.data.keys())
    }
    return FollowupSettings(
        default=default,
        urgent=urgent,
        kinds=MappingProxyType(kinds),
        quiet_hours=_quiet_hours(section),
        confirmation_timeout=section.optional(
            "confirmation_timeout", values.duration, timedelta(hours=48)
        ),
        duplicate_window=section.optional("duplicate_window", values.duration, timedelta(hours=2)),
    )


def _policy(section: Section, base: FollowupPolicy) -> FollowupPolicy:
    """Keys left out come from `base` (the default policy, or the built-in urgent one)."""
    urgent = section.optional("urgent", values.boolean, base.urgent)
    working_time = section.optional(
        "working_time", values.boolean, base.working_time and not urgent
    )
    if urgent and working_time:
        raise section.error(
            "working_time", "an urgent policy counts every hour; set it to false or urgent = false"
        )
    acknowledge = section.optional("acknowledge", values.duration, base.acknowledge)
    resolve = section.optional("resolve", values.duration, base.resolve)
    if resolve < acknowledge:
        name = "resolve" if section.has("resolve") else "acknowledge"
        raise section.error(
            name,
            f"the resolve deadline ({values.duration_text(resolve)}) is shorter than "
            f"acknowledge ({values.duration_text(acknowledge)})",
        )
    return FollowupPolicy(
        acknowledge=acknowledge,
        resolve=resolve,
        reminder_interval=section.optional(
            "reminder_interval", values.duration, base.reminder_interval
        ),
        escalate_after=section.optional("escalate_after", _reminder_count, base.escalate_after),
        urgent=urgent,
        working_time=working_time,
    )


def _reminder_count(value: object) -> int:
    # 0 is refused rather than given a meaning: read as "never escalate" by some and as
    # "escalate at once, with no reminder" by others (what the ladder would do with it).
    if value == 0 and not isinstance(value, bool):
        raise Invalid(
            "0 is not allowed: it is how many reminders the responsible person gets before "
            "the event climbs one level, at least 1 (the most is 100)"
        )
    return values.count(value, low=1, high=100)


def _quiet_hours(followup: Section) -> QuietHoursSettings:
    if not followup.has("quiet_hours"):
        return QuietHoursSettings(start=time(22, 0), end=time(7, 30))
    section = followup.table("quiet_hours", ("start", "end"))
    return QuietHoursSettings(
        start=section.required("start", values.clock_time),
        end=section.required("end", values.clock_time),
    )
