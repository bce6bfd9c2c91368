"""Kind, urgency, confidence and language of a normalised message."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.kinds import INCIDENT_KINDS, REGISTER_KINDS, Kind
from bot.nlu.lexicon import Lexicon, default_lexicon

# Weak hints alone (a lone "电动车") never make a report.
MIN_SCORE = 2
# On a tie the kind that needs a person first wins: a quarrel about a leak is a dispute.
PRIORITY: tuple[Kind, ...] = (
    Kind.DISPUTE,
    Kind.FIRE_HAZARD,
    Kind.SECURITY,
    Kind.HARDSHIP,
    Kind.DRAIN,
    Kind.LEAK,
    Kind.TENANT_UPDATE,
    Kind.MOVE_OUT,
    Kind.REGISTRATION,
    Kind.NOISE,
    Kind.REPAIR,
    Kind.SANITATION,
    Kind.PARKING,
)
_RANK = {kind: rank for rank, kind in enumerate(PRIORITY)}
_STRONG = 3
# A negation cue governs a phrase that starts at most this many characters after it.
_NEGATION_REACH = 1
# In a long complaint the first sentences name the problem; later ones tell its story.
_LONG_TEXT = 120
_LEAD_CHARS = 60
# The lead starts after the letter's greeting: "尊敬的领导：您好！我是XX小区业主，" names nobody's
# problem, and would push the complaint itself out of the lead.
_SALUTATION = re.compile(
    r"(?:(?:尊敬的|敬爱的)[^：:，,！!。]{0,12}[：:，,！!;；]\s*)?"
    r"(?:(?:各位)?(?:领导|书记|市长)?(?:您|你)们?好[！!，,。：:;；]?\s*)?"
    r"(?:(?:我|本人|我们)(?:是|系)[^，,。；;！!]{0,30}[，,。；;！!]\s*)?"
)
# A notice cue at the very start, or a title cue near it, heads a notice:
# "@所有人 ...", "【停水通知】...", "物业通知: ...".
_HEADER_REACH = 2
_TITLE_REACH = 10
_TITLE_ENDS = ("】", ":")
# Mainland mobile numbers, resident ID numbers: a tenant's details are being given.
# Written to open with a plain character class, which the regex engine scans for quickly
# instead of trying the whole pattern at every position (the lookbehind comes after it).
_IDENTITY = re.compile(r"\d(?<!\d\d)(?:(?<=1)[3-9]\d[ -]?\d{4}[ -]?\d{4}|\d{16}[\dx])(?!\d)")
_HAN = re.compile(r"[\u3400-\u9fff]")
# A side topic in a letter runs from one of these to the end of its sentence.
_ASIDE_CUE = re.compile(r"另外|此外|除此之外|还有就是|顺便|顺带|also|besides|in addition")
_ASIDE = re.compile(
    r"(?:另外|此外|除此之外|还有就是|顺便|顺带|\balso\b|\bbesides\b|\bin addition\b)"
    r"[^。！？!?；;\n]*"
)
_NAME_WORD_BEFORE = re.compile(r"\b[A-Z][a-z]+ $")
_NAME_WORD_AFTER = re.compile(r" [A-Z][a-z]+\b")
_NAME_WORD_REACH = 30
_LATIN = re.compile(r"[a-z][a-z]*")  # not [a-z]+: a leading class is scanned for quickly
# "27幢119", "119室", "我住120": an emergency number's digits naming a room are no alarm.
_ROOM_BEFORE = "幢栋楼元住-#"
_ROOM_AFTER = "室房"


class Verdict(NamedTuple):
    kind: Kind
    urgent: bool
    confidence: float
    lang: str
    matched: tuple[str, ...]
    # The message asks something ("请问...吗"): with no details given it is not a report.
    asks: bool = False
    # What the rules saw, for the learned model (bot/nlu/features.py): each kind's score
    # and the groups of `none` cues found ("header" when the message opens as a notice).
    scores: tuple[tuple[Kind, int], ...] = ()
    cues: tuple[str, ...] = ()
    # An urgency phrase in the message (the lead of a letter) and no sign it is over:
    # urgent whatever kind is finally decided, if that kind is an incident.
    alarm: bool = False
    # A kind's phrase was negated ("没有漏水", "no leak"): the message denies a problem.
    negated: bool = False


def classify(text: str, lexicon: Lexicon | None = None) -> Verdict:
    """Weigh the kinds' phrases in `text` (already normalised) against cues for `none`."""
    lex = lexicon or default_lexicon()
    lowered = text.lower()
    lead = _lead(lowered)
    scores: dict[Kind, int] = {}
    none_hits: dict[str, int] = {}
    seen: set[str] = set()
    repeats_left: dict[str, int] = {}
    matched: list[str] = []
    urgent = header = negated = passed_on = False
    negated_until = -1
    chinese: bool | None = None
    asides = _asides(lowered) if _ASIDE_CUE.search(lowered) else ()
    for start, phrase, entry in lex.phrases_in(lowered):
        end = start + len(phrase)
        if (entry.bounded_start and start and _is_word_char(lowered[start - 1])) or (
            entry.bounded_end and end < len(lowered) and _is_word_char(lowered[end])
        ):
            continue
        if phrase.isdigit() and _names_a_room(lowered, start, end):
            continue
        if entry.negation:
            negated_until = end + _NEGATION_REACH
            continue
        if start <= negated_until:
            negated = negated or entry.kind is not None
            continue
        if entry.bounded_start and text[start].isupper() and _in_name(text, start, end):
            if chinese is None:  # decided once, and only when a capitalised word matched
                chinese = len(text) == len(lowered) and _HAN.search(text) is not None
            if chinese:
                continue
        # Urgency deep inside a long complaint is history ("去年厨房起火"), not an alarm.
        urgent = urgent or (entry.urgent and (not lead or start < lead))
        if entry.none_group is not None:
            none_hits[entry.none_group] = none_hits.get(entry.none_group, 0) + 1
            opens = _opens(start, phrase)
            header = header or (entry.none_group == "notice" and opens)
            passed_on = passed_on or (entry.none_group == "forward" and opens)
        if entry.kind is None:
            continue
        if phrase in seen:
            # A long complaint that keeps coming back to one strong word is about it
            # ("漏水...没有一天不漏水...漏水和卫生"); in a chat a repeat adds nothing.
            if lead and entry.weight >= _STRONG and repeats_left.get(phrase, 1):
                repeats_left[phrase] = repeats_left.get(phrase, 1) - 1
                scores[entry.kind] += 1
            continue
        seen.add(phrase)
        matched.append(phrase)
        if asides and any(low <= start < high for low, high in asides):
            # "另外门口的路灯也不亮了": a letter's aside is not its complaint.
            weight = max(1, entry.weight // 2)
        else:
            lead_bonus = start < lead and entry.kind not in REGISTER_KINDS
            weight = entry.weight * (2 if lead_bonus else 1)
        scores[entry.kind] = scores.get(entry.kind, 0) + weight
    cues = tuple(sorted(none_hits)) + (("header",) if header else ())
    cues += ("passed_on",) if passed_on else ()
    alarm = urgent and "resolved" not in none_hits
    if not scores:
        lang = detect_language(lowered)
        return Verdict(Kind.NONE, False, 0.9, lang, (), cues=cues, alarm=alarm, negated=negated)
    if _IDENTITY.search(lowered):
        scores[Kind.REGISTRATION] = scores.get(Kind.REGISTRATION, 0) + 1
    # A long complaint retells past repairs ("交了费就来水了"): there a cue counts once
    # and a repair in the story weighs half.
    repeats = 1 if lead else 2
    none_score = sum(
        lex.none_weights[group] * min(count, repeats) for group, count in none_hits.items()
    )
    if lead and "resolved" in none_hits:
        none_score -= lex.none_weights["resolved"] // 2
    seen_scores = tuple(scores.items())
    if passed_on or (header and not urgent):
        # A message that opens as a notice ("【停水通知】", "@所有人") is staff speaking; one
        # that opens by passing something on ("转发:", "分享一篇") is not its sender's report,
        # even when its title is alarming ("燃气泄漏时千万别开灯").
        lang = detect_language(lowered)
        return Verdict(
            Kind.NONE, False, 0.9, lang, tuple(matched), False, seen_scores, cues, alarm, negated
        )
    verdict = _decide(scores, none_score, "resolved" in none_hits, urgent, lowered, matched)
    asked = "question" in none_hits or ("mark" in none_hits and len(lowered) < _LONG_TEXT)
    complains = any(scores[kind] >= _STRONG for kind in INCIDENT_KINDS.intersection(scores))
    # A question that also complains ("扣押金 这合理吗") is not only a question; only the
    # register kinds need it. A dataclass replace costs more than a parse step.
    asks = asked and verdict.kind in REGISTER_KINDS and not complains
    return Verdict(
        verdict.kind,
        verdict.urgent,
        verdict.confidence,
        verdict.lang,
        verdict.matched,
        asks,
        seen_scores,
        cues,
        alarm,
        negated,
    )


def _decide(
    scores: dict[Kind, int],
    none_score: int,
    resolved: bool,
    urgent: bool,
    lowered: str,
    matched: list[str],
) -> Verdict:
    lang = detect_language(lowered)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _RANK[item[0]]))
    best_kind, best = ranked[0] if ranked else (Kind.NONE, 0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if best < MIN_SCORE or none_score > best:
        belief = 0.9 if best == 0 else none_score / (none_score + best + 1)
        return Verdict(Kind.NONE, False, _clip(max(belief, 0.5)), lang, tuple(matched))
    margin = (best - max(runner_up, none_score)) / best
    strength = best / (best + 2)
    confidence = _clip(0.35 + 0.35 * margin + 0.3 * strength)
    is_urgent = urgent and not resolved and best_kind in INCIDENT_KINDS
    return Verdict(best_kind, is_urgent, confidence, lang, tuple(matched))


def _asides(lowered: str) -> tuple[tuple[int, int], ...]:
    """The sentences of a letter that open with "另外", "此外", "also"...: side topics."""
    return tuple(match.span() for match in _ASIDE.finditer(lowered))


def _lead(lowered: str) -> int:
    """Where the lead of a long complaint ends; 0 for a chat message."""
    if len(lowered) <= _LONG_TEXT:
        return 0
    greeting = _SALUTATION.match(lowered)
    return _LEAD_CHARS + (greeting.end() if greeting else 0)


def _opens(start: int, phrase: str) -> bool:
    return start <= _HEADER_REACH or (start <= _TITLE_REACH and phrase.endswith(_TITLE_ENDS))


def detect_language(lowered: str) -> str:
    if not _LATIN.search(lowered):
        return "zh"
    han = len(_HAN.findall(lowered))
    latin = sum(len(word) for word in _LATIN.findall(lowered))
    return "en" if latin > 3 * han else "zh"


def _in_name(text: str, start: int, end: int) -> bool:
    """A capitalised word next to another one is part of a name: in Chinese text "Park Jiho",
    "Tran Van Nam" are tenants, not parking."""
    before = _NAME_WORD_BEFORE.search(text, max(0, start - _NAME_WORD_REACH), start)
    return before is not None or _NAME_WORD_AFTER.match(text, end) is not None


def _names_a_room(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in _ROOM_BEFORE) or (
        end < len(text) and text[end] in _ROOM_AFTER
    )


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _clip(value: float) -> float:
    return min(0.99, max(0.05, round(value, 3)))
