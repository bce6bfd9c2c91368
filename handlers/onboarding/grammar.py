"""The onboarding commands people type in chats, as patterns (filters read them).

The words are each language's (bot/lang/*/words.toml, [onboarding]); the shapes are here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.lang import by_language, every


def _alternation(words: Iterable[str], *, end: str = "") -> str:
    """Longest first; a Latin word must end where a word ends (`end`: what may follow)."""
    shaped = []
    for word in sorted(words, key=len, reverse=True):
        pattern = r"\s+".join(re.escape(part) for part in word.split())
        if end and word[-1:].isascii() and word[-1:].isalpha():
            pattern += f"(?={end})"
        shaped.append(pattern)
    return "|".join(shaped)


_BIND_WORDS = every("onboarding.bind")
_BIND = _alternation(_BIND_WORDS, end=r"[\s:：]")
_UNBIND = _alternation(every("onboarding.unbind"), end=r"[\s:：]|$")
BIND = re.compile(rf"^(?:{_BIND})\s*[:：]?\s*(?P<place>.+?)\s*$", re.I | re.S)
UNBIND = re.compile(rf"^(?:{_UNBIND})\s*[:：]?\s*(?P<place>.*?)\s*$", re.I | re.S)
CHOICE = re.compile(rf"^(?:{_alternation(_BIND_WORDS)})?\s*(?P<number>[1-9])\s*$", re.I)
UNBOUND_LIST = re.compile(rf"^(?:{_alternation(every('onboarding.unbound_list'))})\s*[?？]?$", re.I)
# Per language, the ways of asking for it ("English please", "说中文").
_SWITCH = {
    code: re.compile(rf"^(?:{_alternation(words)})\s*[.!。！]?$", re.I)
    for code, words in by_language("onboarding.switch_to").items()
}


def explicit_language(text: str) -> str | None:
    """The language a message asks for ("English please" → "en"), or None."""
    stripped = text.strip()
    return next((code for code, asks in _SWITCH.items() if asks.match(stripped)), None)
