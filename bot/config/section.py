"""Typed reads of one TOML table; every failure names the source and the dotted key."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from difflib import get_close_matches
from typing import TypeVar

from bot.config.errors import ConfigError, Invalid
from bot.config.values import shown

T = TypeVar("T")


class Section:
    """A table at a dotted key (`followup.leak`), checked against the keys it may hold.

    `origins` maps a dotted key to the source of a value that did not come from the file
    (an environment variable), so the message points where the user must look. `hints`
    explain keys that look plausible but are not allowed here.
    """

    def __init__(
        self,
        data: Mapping[str, object],
        *,
        source: str,
        known: Collection[str],
        key: str = "",
        origins: Mapping[str, str] | None = None,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        self.data = data
        self.source = source
        self.key = key
        self.origins: Mapping[str, str] = origins or {}
        for name in data:
            if name not in known:
                raise self.error(name, (hints or {}).get(name) or _unknown(name, known))

    def dotted(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def error(self, name: str, message: str) -> ConfigError:
        dotted = self.dotted(name)
        return ConfigError(f"{self.origins.get(dotted, self.source)}: {dotted}: {message}")

    def has(self, name: str) -> bool:
        return name in self.data

    def required(self, name: str, check: Callable[[object], T]) -> T:
        if name not in self.data:
            raise self.error(name, "missing required key")
        return self._checked(name, check)

    def optional(self, name: str, check: Callable[[object], T], default: T) -> T:
        return self._checked(name, check) if name in self.data else default

    def table(
        self, name: str, known: Collection[str], hints: Mapping[str, str] | None = None
    ) -> Section:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise self.error(name, f"expected a table, got {shown(value)}")
        return Section(
            value,
            source=self.source,
            known=known,
            key=self.dotted(name),
            origins=self.origins,
            hints=hints,
        )

    def _checked(self, name: str, check: Callable[[object], T]) -> T:
        try:
            return check(self.data[name])
        except Invalid as error:
            raise self.error(name, str(error)) from None


def _unknown(name: str, known: Collection[str]) -> str:
    close = get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f'unknown key (did you mean "{close[0]}"?)'
    return f"unknown key (known keys: {', '.join(sorted(known))})"
