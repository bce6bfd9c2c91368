"""Community (village, estate) names: by suffix, bare before a house number, or known."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

# Characters that end a place name when walking back from its suffix or house number.
_STOP = frozenset(
    "的在了是我你他她们这那个住到从给跟与及说去来要有没把被让也都就还点号楼栋幢单元室房层上下"
    "里外前后中口门边隔壁对面旁附近家某该本每各整哪谁于区市县省镇乡"
)
# Published complaints mask names: "XX小区", "**花园" are still the place the message gives.
_MASK = frozenset("X*")
_MAX_NAME = 5


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str]]:
    data = load_places()
    suffixes = "|".join(map(re.escape, sorted(data["suffixes"], key=len, reverse=True)))
    not_after = "|".join(map(re.escape, data["not_after"]))
    suffix_re = re.compile(rf"(?:{suffixes})(?!{not_after})")
    known = data["known"]
    known_re = (
        re.compile("|".join(map(re.escape, sorted(known, key=len, reverse=True))))
        if known
        else None
    )
    en = "|".join(map(re.escape, data["en_suffixes"]))
    en_re = re.compile(rf"\b((?:[A-Z][a-z]+ ){{0,2}}[A-Z][a-z]+ (?:{en}))\b")
    return suffix_re, known_re, en_re


@cache  # read once for both the patterns and the initials
def load_places() -> Mapping[str, Any]:
    raw = resources.files("bot.nlu").joinpath("data/places.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def name_before(text: str, end: int) -> str | None:
    """The place name that ends at `end` ("东穆坞" in "住东穆坞27号"), at least two characters."""
    start = end
    while start > 0 and end - start < _MAX_NAME:
        char = text[start - 1]
        if not ("\u4e00" <= char <= "\u9fff" or char in _MASK) or char in _STOP:
            break
        start -= 1
    name = text[start:end]
    if len(name) < 2 or (set(name) <= _MASK and end < len(text) and text[end] in "0123456789"):
        return None
    return name


def find_community(text: str, house_number_starts: list[int]) -> str | None:
    suffix_re, known_re, en_re = _patterns()
    for match in suffix_re.finditer(text):
        stem = name_before(text, match.start())
        if stem is not None:
            return stem + match.group()
    for start in house_number_starts:
        if (bare := name_before(text, start)) is not None:
            return bare
    if known_re is not None and (known := known_re.search(text)) is not None:
        return known.group()
    named = any(suffix in text for suffix in load_places()["en_suffixes"])
    if named and (english := en_re.search(text)) is not None:  # the pattern is slow to fail
        return english.group(1)
    return None


def has_known_place(text: str) -> bool:
    known_re = _patterns()[1]
    return known_re is not None and known_re.search(text) is not None


@cache
def place_initials(extra: frozenset[str] = frozenset()) -> frozenset[str]:
    """First characters of the known places (and `extra`): a cheap test for a place."""
    return extra | frozenset(name[0] for name in load_places()["known"])
