"""Nationality from country names and demonyms (data/countries.toml) -> ISO alpha-2.

A regex alternation over hundreds of names costs ~15 µs a message, so names are indexed by
their first character (Chinese) or first word (English) and only candidates are compared.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

_NOT_AFTER_ZH = "内"  # "内蒙古" is a Chinese province, not Mongolia
# "\b[A-Z]..." with the boundary checked after the capital: a leading class is scanned for.
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[A-Za-z]*")
_UPPER = re.compile("[A-Z]")
# Students type in lower case too: "i'm from spain", "nationality: vietnam".
_LOWER_COUNTRY = re.compile(r"\b(?:from|nationality\s*:?)\s+([a-z]+)")


class _Index:
    def __init__(self, data: dict[str, Any]) -> None:
        self.zh: dict[str, list[tuple[str, str]]] = {}
        self.en: dict[str, list[tuple[str, str]]] = {}
        for code, entry in data["countries"].items():
            for name in entry["zh"]:
                self.zh.setdefault(name[0], []).append((name, code))
            # Country names match in any case ("from korea"); demonyms only capitalised
            # ("Polish" is one, "polish" is not), abbreviations exactly ("UK", never "uk").
            for name in entry["en"]:
                self.en.setdefault(name.split()[0].lower(), []).append((name.lower(), code))
            for name in entry["demonyms"]:
                self.en.setdefault(name.split()[0], []).append((name, code))
        for abbreviation, code in data["abbreviations"].items():
            self.en.setdefault(abbreviation, []).append((abbreviation, code))
        for table in (self.zh, self.en):
            for names in table.values():
                names.sort(key=lambda item: len(item[0]), reverse=True)
        self.zh_first = frozenset(self.zh)
        # One scan for the first characters of all Chinese names, done in C.
        self.zh_starts = re.compile("[" + "".join(sorted(self.zh_first)) + "]")


@cache
def _index() -> _Index:
    return _Index(load_countries())


def load_countries() -> dict[str, Any]:
    raw = resources.files("bot.nlu").joinpath("data/countries.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def _zh_hit(index: _Index, text: str) -> tuple[int, str] | None:
    """The first Chinese country name or demonym in `text`."""
    for match in index.zh_starts.finditer(text):
        start = match.start()
        if not (start and text[start - 1] in _NOT_AFTER_ZH):
            for name, code in index.zh[match.group()]:
                if text.startswith(name, start):
                    return start, code
    return None


def country_at(text: str, start: int) -> str | None:
    """The country whose Chinese name or demonym begins at `start`, if one does."""
    for name, code in _index().zh.get(text[start : start + 1], ()):
        if text.startswith(name, start):
            return code
    return None


def find_nationality(text: str) -> str | None:
    """The first country named in the message, as an ISO 3166-1 alpha-2 code."""
    index = _index()
    first = _zh_hit(index, text)
    hits = [first] if first else []
    lower: str | None = None
    capitals = _UPPER.search(text) is not None
    for match in _CAPITALISED.finditer(text) if capitals else ():
        word, start = match.group(), match.start()
        for key in (word, word.lower()):
            for name, code in index.en.get(key, ()):
                haystack = text if key == word else (lower := lower or text.lower())
                end = start + len(name)
                if haystack.startswith(name, start) and not text[end : end + 1].isalpha():
                    hits.append((start, code))
                    return min(hits)[1]
    if not hits and ("from" in text or "nationality" in text):
        hits.extend(_lower_country(index, text))
    return min(hits)[1] if hits else None


def _lower_country(index: _Index, text: str) -> list[tuple[int, str]]:
    found = []
    for match in _LOWER_COUNTRY.finditer(text):
        start = match.start(1)
        for name, code in index.en.get(match.group(1), ()):
            end = start + len(name)
            if text.startswith(name, start) and not text[end : end + 1].isalpha():
                found.append((start, code))
                break
    return found
