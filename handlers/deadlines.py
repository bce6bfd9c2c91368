"""A new event's deadlines, from the configured follow-up policy of its kind."""

from __future__ import annotations

from datetime import datetime, tzinfo

from bot.config.settings import FollowupPolicy, FollowupSettings
from bot.followup import Deadlines, PolicySpec, WorkingTime, initial_deadlines
from bot.kinds import Kind


def policy_spec(policy: FollowupPolicy, followup: FollowupSettings) -> PolicySpec:
    """The configured policy as the pure follow-up code reads it."""
    return PolicySpec(
        acknowledge=policy.acknowledge,
        resolve=policy.resolve,
        reminder_interval=policy.reminder_interval,
        escalate_after=policy.escalate_after,
        urgent=policy.urgent,
        working_time=policy.working_time,
        confirm_within=followup.confirmation_timeout,
    )


def event_deadlines(
    followup: FollowupSettings, *, kind: Kind, urgent: bool, start: datetime, tz: tzinfo
) -> Deadlines:
    """When the leader must acknowledge and resolve an event assigned at `start`."""
    spec = policy_spec(followup.policy_for(kind, urgent=urgent), followup)
    return initial_deadlines(start, spec, WorkingTime(tz))
