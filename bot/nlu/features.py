"""What the learned kind model sees in a message: its characters and what the rules found.

The same function serves training (training/train_kind.py) and inference (bot/nlu/model.py),
so a feature can never mean one thing when learned and another when used.

- Text: every character and every pair of adjacent characters of the lower-cased message,
  digits folded to "0" (a room number is a shape, not a value); Latin words and word pairs
  with a leading "_". A long letter contributes its head and its tail, where the complaint
  and the request are.
- Rules (upper-case names with "=", never produced by lower-cased text): the rule verdict
  and its strength, each kind's phrase score, the `none` cue groups, and which fields the
  exact extractors filled (a room, a phone number, a move-out date...).
"""

from __future__ import annotations

import re
import sys
from itertools import chain, pairwise
from operator import add

from bot.kinds import Kind
from bot.nlu.classify import Verdict
from bot.nlu.reading import NO_DATES, NO_LOCATION, NO_PERSON, Dates, Location, Person

_DIGITS = re.compile("[1-9]")
HEAD_CHARS = 200
TAIL_CHARS = 100
_WORD = re.compile(r"[a-z][a-z']*")
_LATIN = re.compile("[a-z]")
# Message length in characters -> bucket; a one-word reply and a letter read differently.
_LENGTHS = ((4, "L=4"), (12, "L=12"), (30, "L=30"), (80, "L=80"), (200, "L=200"))
_LONGEST = "L=more"
_SCORE_CAP = 6
STRONG_BELIEF = 0.7


def text_of(lowered: str) -> str:
    """The part of the message the text features read, digits folded."""
    folded = _DIGITS.sub("0", lowered)
    if len(folded) > HEAD_CHARS + TAIL_CHARS:
        return folded[:HEAD_CHARS] + "|" + folded[-TAIL_CHARS:]
    return folded


def text_features(text: str) -> chain[str]:
    """Characters, character pairs and (for Latin script) words and word pairs of `text`."""
    grams = chain(text, map(add, text, text[1:]))
    if _LATIN.search(text) is None:
        return grams
    words = ["_" + word for word in _WORD.findall(text)]
    pairs = [f"{first} {second[1:]}" for first, second in pairwise(words)]
    return chain(grams, words, pairs)


# text_codes(): characters as code points, character pairs as the two code points in one
# 64-bit integer, read straight from the text's UTF-32 bytes, so no string is made per
# character or pair (which costs more than looking its weight up).
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def code(feature: str) -> int | str:
    """A text feature as text_codes() gives it: a character or a pair of characters as an
    integer, a longer feature (a word, a word pair) as itself."""
    if len(feature) == 1:
        return ord(feature)
    if len(feature) == 2:
        return int(memoryview(feature.encode(_UTF32)).cast("Q")[0])
    return feature


def text_codes(text: str) -> set[int | str]:
    """The distinct features of text_features(text), coded by code(): the same set, counted
    the same (a normalised message holds no NUL, so no pair's code is a character's)."""
    size = len(text)
    view = memoryview(text.encode(_UTF32))
    codes: set[int | str] = set(view.cast("I"))
    codes.update(view[: 8 * (size // 2)].cast("Q"))  # pairs starting at even offsets
    codes.update(view[4 : 4 + 8 * ((size - 1) // 2)].cast("Q"))  # ...at odd offsets
    if _LATIN.search(text) is not None:
        words = ["_" + word for word in _WORD.findall(text)]
        codes.update(map(code, words))
        codes.update(f"{first} {second[1:]}" for first, second in pairwise(words))
    return codes


# Feature names built once: formatting strings per message costs more than scoring them.
_VERDICT = {kind: f"R={kind.value}" for kind in Kind}
_STRENGTH = {
    (kind, sure): f"R={kind.value}:{'hi' if sure else 'lo'}"
    for kind in Kind
    for sure in (True, False)
}
_SCORE = {
    (kind, score): f"S={kind.value}:{min(score, _SCORE_CAP)}"
    for kind in Kind
    for score in range(_SCORE_CAP + 1)
}


def rule_features(
    verdict: Verdict, location: Location, person: Person, dates: Dates, length: int
) -> list[str]:
    """What the rules and the exact extractors found, as feature names."""
    kind = verdict.kind
    out = [_VERDICT[kind]]
    if kind is not Kind.NONE:
        out.append(_STRENGTH[kind, verdict.confidence >= STRONG_BELIEF])
    # Most chatter has no score, no cue and no field: the empty ones are skipped by identity.
    if verdict.scores:
        out.extend(_SCORE[seen, min(score, _SCORE_CAP)] for seen, score in verdict.scores)
    if verdict.cues:
        out.extend("C=" + cue for cue in verdict.cues)
    if verdict.alarm:
        out.append("U=alarm")
    if verdict.negated:
        out.append("N=negated")
    if verdict.asks:
        out.append("A=asks")
    if verdict.lang == "en":
        out.append("G=en")
    if location is not NO_LOCATION and not location.is_empty():
        out.append("F=place")
        if location.room:
            out.append("F=room")
    if person is not NO_PERSON:
        filled = (
            (person.name, "F=name"),
            (person.phone, "F=phone"),
            (person.id_number, "F=id"),
            (person.nationality, "F=nation"),
        )
        out.extend(name for value, name in filled if value)
    if dates is not NO_DATES:
        moves = ((dates.move_in, "F=in"), (dates.move_out, "F=out"))
        out.extend(name for value, name in (*moves, (dates.visa_expiry, "F=visa")) if value)
    for limit, name in _LENGTHS:
        if length <= limit:
            out.append(name)
            return out
    out.append(_LONGEST)
    return out
