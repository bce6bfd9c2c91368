"""Dates a message gives and what each is for: visa expiry, moving in, moving out."""

from __future__ import annotations

import re
from datetime import date, datetime
from itertools import chain, islice

from bot.nlu.en_dates import find_en_dates
from bot.nlu.identifiers import identifiers, mask
from bot.nlu.months import month_end
from bot.nlu.reading import NO_DATES, Dates
from bot.nlu.zh_dates import find_zh_dates

_ROLE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "visa_expiry",
        re.compile(
            r"签证|到期|有效期|延期|续签|居留许可|\bvisas?\b|\bexpir(?:es|y|ing|ed)\b|\bvalid\b"
            r"|\buntil\b|\btill\b|\brenewed\b|\bextended\b"
        ),
    ),
    (
        "move_in",
        re.compile(
            r"入住|搬进|搬来|搬过来|住进|搬入|\b(?:move[sd]?|moving)\s+in(?:to)?\b"
            r"|\bcheck(?:s|ed|ing)?\s+in\b|\barriv(?:e|es|ed|ing)\b"
        ),
    ),
    (
        "move_out",
        re.compile(
            r"退租|退房|搬走|搬出|搬离|离开|回国|\b(?:move[sd]?|moving)\s+out\b"
            r"|\bcheck(?:s|ed|ing)?\s+out\b|\bleav(?:e|es|ing)\b|\bleft\b"
        ),
    ),
)
# Clause breaks: a cue beyond one belongs to another date. "." only before a space or end.
_CLAUSE = re.compile(r"[,，。;；!！?？\n、]|\.(?=\s|$)")
# Substring tests are ~10x cheaper than the cue regexes; every cue contains one of these.
_CUE_WORDS: tuple[str, ...] = (
    "签证",
    "到期",
    "有效期",
    "延期",
    "续签",
    "居留",
    "入住",
    "搬",
    "住进",
    "退租",
)
_CUE_WORDS += ("退房", "离开", "回国", "visa", "expir", "valid", "until", "renewed", "extended")
_CUE_WORDS += ("move", "moving", "check", "arriv", "leav", "left")
_CUE_GATE = re.compile("|".join(map(re.escape, _CUE_WORDS)))
MAX_CHARS = 2000
MAX_MENTIONS = 32  # bounds the date-by-cue pairing on junk full of dates
# A mention that ends at its month ("2027年2月", "明年5月份", "March 2027") names no day.
_MONTH_ONLY = re.compile(r".*月份?|[A-Za-z]+\.?\s*,?\s*[0-9]{4}")
_NEAR = 15
_ENGLISH_AFTER = 5  # characters: how far a cue may sit from its date across a clause break


def extract_dates(text: str, now: datetime) -> Dates:
    """Each role's first date; a date with no role cue near it is left out."""
    text = text[:MAX_CHARS]
    lower = text.lower()
    # No cue, no role: most messages stop here, before any date pattern runs.
    if _CUE_GATE.search(lower) is None:
        return NO_DATES
    cues = [
        (m.start(), m.end(), role, m.group().isascii())
        for role, rx in _ROLE_CUES
        for m in rx.finditer(lower)
    ]
    cards, phones, _ = identifiers(text)
    clean = mask(text, [*cards, *phones])
    today = now.date()
    found = chain(find_zh_dates(clean, today), find_en_dates(clean, now))
    mentions = sorted(set(islice(found, MAX_MENTIONS)))
    if not mentions:
        return NO_DATES
    del cues[MAX_MENTIONS:]
    breaks = [m.start() for m in _CLAUSE.finditer(clean)]
    # Each role takes the date closest to one of its cues: in "月底不续租了 下个月底搬出去"
    # moving out is the second date, right before "搬出去".
    candidates = []
    for start, end, value in _without_overlaps(mentions):
        nearest = _role_of(start, end, cues, breaks)
        if nearest is not None:
            rank, role = nearest
            if role == "visa_expiry" and _MONTH_ONLY.fullmatch(clean, start, end):
                value = month_end(value)  # "签证到2027年2月": valid through February
            candidates.append((rank, start, role, value))
    roles: dict[str, date] = {}
    for _, _, role, value in sorted(candidates):
        roles.setdefault(role, value)
    return Dates(**roles)


def _without_overlaps(mentions: list[tuple[int, int, date]]) -> list[tuple[int, int, date]]:
    kept: list[tuple[int, int, date]] = []
    for mention in sorted(mentions, key=lambda m: (m[0], -m[1])):
        if not kept or mention[0] >= kept[-1][1]:
            kept.append(mention)
    return kept


def _role_of(
    start: int, end: int, cues: list[tuple[int, int, str, bool]], breaks: list[int]
) -> tuple[tuple[int, int], str] | None:
    """The role of the nearest cue and how near it is: (crossed a clause break, gap)."""
    best: tuple[int, int, str] | None = None
    for cue_start, cue_end, role, english in cues:
        if cue_start < end and start < cue_end:
            continue  # the cue is inside the date phrase itself
        gap = cue_start - end if cue_start >= end else start - cue_end
        low, high = (end, cue_start) if cue_start >= end else (cue_end, start)
        crossed = any(low <= b < high for b in breaks)
        if crossed and gap > _NEAR:
            continue
        if cue_start >= end and english:
            gap += _ENGLISH_AFTER  # English names the role first: "moving in on 1 Dec"
        rank = (int(crossed), gap)
        if best is None or rank < best[:2]:
            best = (*rank, role)
    return ((best[0], best[1]), best[2]) if best else None
