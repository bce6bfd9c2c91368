"""Phone numbers, resident ID numbers and passport numbers found in a message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# 18 characters, single spaces allowed between digit groups ("440305 19900215 0012").
# Its first character class comes first, the lookbehind (two characters back, over it) after:
# a pattern that opens with a class is scanned for quickly, not tried at every position.
_ID_CARD = re.compile(r"[1-9](?<![0-9A-Za-z][\s\S])(?: ?\d){16} ?[0-9Xx](?![0-9A-Za-z])")
# A mainland mobile: 1[3-9] and nine more digits, single spaces, dashes or dots between
# them, after an optional "+86", "0086" or "(+86)".
_PHONE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\(?(?:\+|00)?86\)?[ \-]*)?(1[3-9](?:[ \-.]?\d){9})(?![0-9A-Za-z])"
)
_PASSPORT_CUE = re.compile(r"护照|passport|\bPP\b|\bpp\b", re.IGNORECASE)
# Cheap tests run first: the patterns above try their optional prefix or both cases at every
# position, which costs ~10 µs on a long message that has no phone number or passport.
_PHONE_GATE = re.compile(r"1[3-9](?:[ \-.]?\d){9}")
_PASSPORT_GATE = re.compile(r"护照|passport|p(?<!\wp)p\b")  # "\bpp\b", opening with a "p"
# Up to three letters (Spain's "PAB") then 6-10 digits, possibly in space-separated groups.
# France writes two digits, two letters, five digits ("19AB12345").
_PASSPORT_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])([A-Za-z]{0,3} ?\d(?: ?\d){5,9}|\d{2}[A-Za-z]{2}\d{5})(?![0-9A-Za-z])"
)
_PASSPORT_WINDOW = 40
_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True, slots=True)
class Found:
    value: str
    start: int
    end: int


def id_check_ok(number: str) -> bool:
    """The GB 11643 mod 11-2 check digit of an 18-character resident ID."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, _WEIGHTS, strict=False))
    return _CHECK[total % 11] == number[17].upper()


def find_id_cards(text: str) -> list[Found]:
    found = []
    for match in _ID_CARD.finditer(text):
        number = match.group().replace(" ", "").upper()
        if id_check_ok(number):
            found.append(Found(number, match.start(), match.end()))
    return found


def find_phones(text: str, skip: list[Found] | None = None) -> list[Found]:
    taken = skip or []
    found: list[Found] = []
    if _PHONE_GATE.search(text) is None:
        return found
    for match in _PHONE.finditer(text):
        if any(s.start <= match.start() < s.end for s in taken):
            continue
        digits = re.sub(r"[ \-.]", "", match.group(1))
        found.append(Found(digits, match.start(), match.end()))
    return found


def find_passport(text: str, skip: list[Found]) -> Found | None:
    for cue in _PASSPORT_CUE.finditer(text):
        window_end = min(len(text), cue.end() + _PASSPORT_WINDOW)
        for match in _PASSPORT_NUMBER.finditer(text, cue.end(), window_end):
            if any(s.start < match.end() and match.start() < s.end for s in skip):
                continue
            number = match.group(1).replace(" ", "").upper()
            return Found(number, match.start(1), match.end(1))
    return None


# parse() hands the same text to the location, person and date extractors in turn.
@lru_cache(maxsize=8)
def identifiers(text: str) -> tuple[tuple[Found, ...], tuple[Found, ...], Found | None]:
    """(ID cards, phones, passport) with their spans."""
    if not _DIGIT.search(text):
        return (), (), None
    cards = find_id_cards(text)
    phones = find_phones(text, cards)
    cued = _PASSPORT_GATE.search(text.lower()) is not None
    passport = find_passport(text, cards + phones) if cued else None
    return tuple(cards), tuple(phones), passport


def mask(text: str, spans: Sequence[Found]) -> str:
    """Blank out identifier spans so no other extractor reads them as rooms or dates."""
    return blank(text, [(span.start, span.end) for span in spans])


def blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with each (start, end) span turned into as many spaces: offsets stay valid."""
    if not spans:
        return text
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end > start:
            pieces += (text[done:start], " " * (end - start))
            done = end
    pieces.append(text[done:])
    return "".join(pieces)
