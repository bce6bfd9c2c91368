"""The `[console]` and `[assessment]` tables: sessions, login links, scorecard weights."""

from __future__ import annotations

from datetime import timedelta
from types import MappingProxyType

from bot.config import values
from bot.config.console_settings import (
    DEFAULT_WEIGHTS,
    WEIGHTED,
    AssessmentSettings,
    ConsoleSettings,
)
from bot.config.section import Section

CONSOLE_KEYS = ("idle_timeout", "lifetime", "link_lifetime", "link_attempts", "link_window")
ASSESSMENT_KEYS = ("weights",)
_DEFAULT = ConsoleSettings()
LONGEST_LINK = timedelta(hours=1)  # a link travels through a chat: it must not live long


def console_settings(section: Section) -> ConsoleSettings:
    idle = section.optional("idle_timeout", values.duration, _DEFAULT.idle_timeout)
    lifetime = section.optional("lifetime", values.duration, _DEFAULT.lifetime)
    if idle > lifetime:
        name = "idle_timeout" if section.has("idle_timeout") else "lifetime"
        raise section.error(
            name,
            f"the idle timeout ({values.duration_text(idle)}) is longer than the session's "
            f"lifetime ({values.duration_text(lifetime)})",
        )
    link = section.optional("link_lifetime", values.duration, _DEFAULT.link_lifetime)
    if link > LONGEST_LINK:
        raise section.error(
            "link_lifetime",
            f"at most {values.duration_text(LONGEST_LINK)}, got "
            f"{values.duration_text(link)}: a login link must not outlive the chat it was sent in",
        )
    return ConsoleSettings(
        idle_timeout=idle,
        lifetime=lifetime,
        link_lifetime=link,
        link_attempts=section.optional(
            "link_attempts", lambda v: values.count(v, low=1, high=1000), _DEFAULT.link_attempts
        ),
        link_window=section.optional("link_window", values.duration, _DEFAULT.link_window),
    )


def assessment_settings(section: Section) -> AssessmentSettings:
    if not section.has("weights"):
        return AssessmentSettings()
    table = section.table("weights", WEIGHTED)
    weights = {
        name: table.optional(
            name, lambda v: values.count(v, low=0, high=100), DEFAULT_WEIGHTS[name]
        )
        for name in WEIGHTED
    }
    if not any(weights.values()):
        raise section.error("weights", "every weight is 0: give at least one part a weight")
    return AssessmentSettings(weights=MappingProxyType(weights))


def _weight(value: object) -> int:
    return values.count(value, low=0, high=100)
