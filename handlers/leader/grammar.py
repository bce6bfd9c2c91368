"""The leaders' command grammar, Chinese and English, forgiving about spacing and order.

"收到 42", "42 收到", "ack #2026-0042", "办结2026-0042 换了水管", "转派 42 给 物业",
"handover 42 to zhang-wei", "重复 42 同 41", "请假 到12月3日 由 张伟 代理",
"away until Dec 3, deputy Zhang".
Pure: `parse_command(text)` returns a `Command` or None (not a command: maybe a report).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.lang import every
from handlers.leader.numbers import EventRef, leading_number


class Verb(StrEnum):
    ACK = "ack"
    PROGRESS = "progress"
    RESOLVE = "resolve"
    HANDOVER = "handover"
    SEND_BACK = "send_back"
    DUPLICATE = "duplicate"
    NOT_RESPONSIBLE = "not_responsible"
    LIST = "list"
    DETAILS = "details"
    AWAY = "away"
    BACK = "back"
    STATS = "stats"
    HELP = "help"


# Each verb's words in every language (bot/lang/*/words.toml, [leader.verbs]).
_WORDS: dict[Verb, list[str]] = {verb: every(f"leader.verbs.{verb.value}") for verb in Verb}
_VERB_OF = {word.lower(): verb for verb, words in _WORDS.items() for word in words}
_ALTERNATION = "|".join(re.escape(w) for w in sorted(_VERB_OF, key=len, reverse=True))
# English words end at a word boundary ("done" is not "donet"); Chinese ones need none.
_VERB = re.compile(rf"^\s*(?P<verb>{_ALTERNATION})(?P<rest>.*)$", re.DOTALL | re.IGNORECASE)
# Full-width letters, digits and signs read as their ASCII twins, one character for one, so
# the notes can be cut from the original text (with its own punctuation).
_HALF = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "})
_SEP = " \t:：,，;；.。、!！-—"
# Words that may follow "我的"/"list" and still mean the list (not "我的房间漏水了").
_LIST_TAIL = re.compile(r"^(?:事件|工单|任务|待办|列表|events?|tasks?|list)?$")
_TO = re.compile(r"^(?:交给|转给|给|至|到|to|->|→)\s*", re.IGNORECASE)
_DEPUTY = (
    re.compile(r"(?:由|让|请)\s*(?P<who>[^，,。;；\s]+?)\s*(?:代理|代班|代管|负责|顶班)"),
    re.compile(r"(?P<who>[^，,。;；\s由让请到至]+?)\s*(?:代理|代班|代管|顶班)"),
    re.compile(r"(?:deputy|covered by|cover|stand-?in)\s*(?:is|:|：)?\s*(?P<who>[^,;]+)", re.I),
)
_UNTIL = re.compile(r"^(?:到|至|直到|until|till|til|to)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Command:
    verb: Verb
    ref: EventRef | None = None
    note: str | None = None  # progress note, resolution, reason; handover: the target
    until: str | None = None  # away: the date phrase as written ("12月3日", "Dec 3")
    deputy: str | None = None  # away: the deputy's name or key

    @property
    def target(self) -> str | None:
        return self.note if self.verb is Verb.HANDOVER else None


def parse_command(text: str) -> Command | None:
    """The command `text` gives, or None when it is no command at all."""
    original = text.strip()
    command = _read(original.translate(_HALF))
    if command is None:
        return None
    return replace(
        command,
        note=_as_written(original, command.note),
        until=_as_written(original, command.until),
        deputy=_as_written(original, command.deputy),
    )


def _as_written(original: str, value: str | None) -> str | None:
    if value is None:
        return None
    start = original.translate(_HALF).rfind(value)
    return value if start < 0 else original[start : start + len(value)]


def _read(plain: str) -> Command | None:
    ref: EventRef | None = None
    first = leading_number(plain)
    if first is not None:  # "42 收到": the number may come first
        ref, plain = first[0], first[1].lstrip(_SEP)
    found = _VERB.match(plain)
    if found is None:
        return None
    word, rest = found["verb"].lower(), found["rest"]
    if word[-1].isascii() and word[-1].isalpha() and rest[:1].isascii() and rest[:1].isalpha():
        return None  # "donation", "shower": an English word that only begins like a verb
    verb = _VERB_OF[word]
    rest = rest.strip(_SEP)
    if ref is None and (numbered := leading_number(rest)) is not None:
        ref, rest = numbered[0], numbered[1].strip(_SEP)
    return _shape(verb, ref, rest)


def _shape(verb: Verb, ref: EventRef | None, rest: str) -> Command | None:
    return _SHAPES.get(verb, _with_note)(verb, ref, rest)


def _with_note(verb: Verb, ref: EventRef | None, rest: str) -> Command | None:
    """ "已解决 42 换了水管": an event (or the sender's one open event) and a note."""
    return Command(verb, ref, rest or None)


def _bare(verb: Verb, ref: EventRef | None, rest: str) -> Command | None:
    """ "我的", "帮助", "本月": about the sender, no event; only a word like "事件" may follow."""
    return Command(verb) if ref is None and _LIST_TAIL.match(rest.lower()) else None


def _handover(verb: Verb, ref: EventRef | None, rest: str) -> Command | None:
    target = _TO.sub("", rest).strip(_SEP)
    return Command(verb, ref, target or None)


def _closing(verb: Verb, ref: EventRef | None, rest: str) -> Command | None:
    """ "重复 42 同 41", "不受理 42 属于市政": closing needs the number typed out (a slip
    must not close the sender's one open event); the reason may be missing (then refused)."""
    return Command(verb, ref, rest or None) if ref is not None else None


def _away_shape(verb: Verb, ref: EventRef | None, rest: str) -> Command | None:
    return _away(rest) if ref is None else None


def _away(rest: str) -> Command | None:
    deputy = None
    for pattern in _DEPUTY:
        found = pattern.search(rest)
        if found:
            deputy = found["who"].strip(_SEP)
            rest = (rest[: found.start()] + rest[found.end() :]).strip(_SEP)
            break
    until = _UNTIL.sub("", rest).strip(_SEP)
    if until.endswith(("前", "为止")):
        until = until.removesuffix("为止").removesuffix("前").strip(_SEP)
    if not until:
        return None
    return Command(Verb.AWAY, until=until, deputy=deputy or None)


# What may follow each verb; a verb not named here takes an event and a note.
_SHAPES: dict[Verb, Callable[[Verb, EventRef | None, str], Command | None]] = {
    Verb.LIST: _bare,
    Verb.HELP: _bare,
    Verb.BACK: _bare,
    Verb.STATS: _bare,
    Verb.AWAY: _away_shape,
    Verb.HANDOVER: _handover,
    Verb.DUPLICATE: _closing,
    Verb.NOT_RESPONSIBLE: _closing,
}
