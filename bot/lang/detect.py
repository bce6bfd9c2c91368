"""The one language detector: which language a text is written in, from the letters each
language folder declares (`[language] letters`, `unit`, `clear_at`, `order`)."""

from __future__ import annotations

import re
from functools import cache

from bot.lang import languages


@cache
def _scripts() -> tuple[tuple[str, re.Pattern[str], int], ...]:
    return tuple(
        (
            known.code,
            re.compile(str(known.get("language.letters"))),
            int(known.get("language.clear_at")),
        )
        for known in languages()
    )


def clear_language(text: str) -> str | None:
    """The language `text` is clearly in, or None when it could be either.

    Chinese for two or more Han characters, English for two or more Latin words and no Han:
    a lone "ok", a room number or an emoji says nothing, so the language stays as it was.
    """
    for code, letters, clear_at in _scripts():
        found = len(letters.findall(text))
        if found >= clear_at:
            return code
        if found:
            return None  # some of an earlier language's letters: never clearly a later one
    return None


def guess_language(text: str, default: str) -> str:
    """The language with any of its letters in `text` (in order), else `default`."""
    for code, letters, _ in _scripts():
        if letters.search(text):
            return code
    return default
