"""The staff console's settings (`[console]`) and the assessment's weights (`[assessment]`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

# The parts of a scorecard that carry a weight, in the order the table shows them.
WEIGHTED = ("acknowledged_on_time", "closed_on_time", "confirmed_fixed", "not_reopened", "register")
DEFAULT_WEIGHTS: Mapping[str, int] = MappingProxyType(
    {
        "acknowledged_on_time": 25,
        "closed_on_time": 25,
        "confirmed_fixed": 20,
        "not_reopened": 10,
        "register": 20,
    }
)


@dataclass(frozen=True, slots=True)
class ConsoleSettings:
    idle_timeout: timedelta = timedelta(minutes=30)  # a session unused this long ends
    lifetime: timedelta = timedelta(hours=12)  # a session ends this long after sign-in anyway
    link_lifetime: timedelta = timedelta(minutes=10)  # a one-time login link's validity
    # Wrong, used or expired login links one client may try per `link_window`.
    link_attempts: int = 10
    link_window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class AssessmentSettings:
    """How much each part counts in a scorecard's score (0-100): only the ratios matter."""

    weights: Mapping[str, int] = field(default_factory=lambda: DEFAULT_WEIGHTS)
