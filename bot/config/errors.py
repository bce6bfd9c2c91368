"""The one error the configuration raises."""

from __future__ import annotations

from bot.cli import UsageError


class ConfigError(UsageError):
    """A configuration problem: one line naming the file (or variable) and the dotted key."""


class Invalid(ValueError):
    """A value that failed a check; the caller adds where the value came from."""
