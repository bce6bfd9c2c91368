"""The languages GridBot speaks: one data folder each (bot/lang/<code>/words.toml).

A language's words (leader verbs, answers, urgent cues, role names, onboarding words, web
strings) are read from its folder; features ask for a key across every language with
`every(...)`, so adding a language is adding its folder (and its templates/<code>/).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


class LanguageDataError(ValueError):
    """A language folder is missing or malformed."""


@dataclass(frozen=True)
class Language:
    code: str
    words: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.words["language"]["name"])

    def get(self, key: str) -> Any:
        """A value by dotted key ("leader.verbs.ack")."""
        value: Any = self.words
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise LanguageDataError(f"bot/lang/{self.code}/words.toml has no {key!r}")
            value = value[part]
        return value


@cache
def languages() -> tuple[Language, ...]:
    """Every language, in their declared order (the first is tried first when detecting)."""
    root = resources.files("bot.lang")
    found = []
    for folder in root.iterdir():
        if not folder.is_dir() or folder.name.startswith(("_", ".")):
            continue
        data = folder.joinpath("words.toml")
        try:
            found.append(Language(folder.name, tomllib.loads(data.read_text(encoding="utf-8"))))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise LanguageDataError(f"bot/lang/{folder.name}/words.toml: {error}") from error
    if not found:
        raise LanguageDataError("bot/lang has no language folder")
    return tuple(
        sorted(found, key=lambda language: (language.get("language.order"), language.code))
    )


def codes() -> tuple[str, ...]:
    return tuple(language.code for language in languages())


def language(code: str) -> Language:
    for known in languages():
        if known.code == code:
            return known
    raise LanguageDataError(f"no language folder bot/lang/{code}")


def every(key: str) -> list[str]:
    """The words under `key` in every language, in language order, each once."""
    words: dict[str, None] = {}
    for known in languages():
        for word in known.get(key):
            words[str(word)] = None
    return list(words)


def by_language(key: str) -> dict[str, Any]:
    """The value under `key` for each language code."""
    return {known.code: known.get(key) for known in languages()}
