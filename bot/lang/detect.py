"""The one language detector: which language a text is written in, from the letters each
language folder declares (`[language] letters`, `unit`, `clear_at`, `order`).

Only words that say something about the writer's language count. Numbers, codes (an
invite code "GB-7K3M-Q9XA", an event number "2026-0003") and command words say nothing:
a Chinese landlord sending the invite code README gives them, "ok" or "ack 3", or an
English-speaking colleague sending "收到 3" or "绑定 兰亭2号楼" (a place's name), keeps the
language they have.
"""

from __future__ import annotations

import re
from functools import cache

from bot.lang import every, languages

# Latin letters and digits mixed ("7K3M", "502", "2026"), and chains of three or more
# hyphen-joined parts ("GB-ABCD-EFGH"): identifiers, not words.
_IDENTIFIERS = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9]*[0-9][A-Za-z0-9]*(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}(?![A-Za-z0-9-])"
)
# A language shows in a message's beginning; a megabyte of text is not read for it.
_READ_AT_MOST = 2000
# Words anyone may type whatever their language: the commands and one-word answers the
# bot understands in every language.
_COMMAND_VERBS = (
    "leader.verbs.ack",
    "leader.verbs.progress",
    "leader.verbs.resolve",
    "leader.verbs.handover",
    "leader.verbs.send_back",
    "leader.verbs.details",
)
_WHOLE_ANSWERS = (
    *_COMMAND_VERBS,
    "leader.verbs.list",
    "leader.verbs.away",
    "leader.verbs.back",
    "leader.verbs.stats",
    "leader.verbs.help",
    "confirm.yes",
    "confirm.no",
    "confirm.no_alone",
    "confirm.thanks",
    "register.yes",
    "register.no",
    "onboarding.unbound_list",
)
# Followed by a place's name, which is a name in whatever language the place has.
_PLACE_COMMANDS = ("onboarding.bind", "onboarding.unbind")


def _alternation(keys: tuple[str, ...]) -> str:
    words = sorted({word for key in keys for word in every(key)}, key=len, reverse=True)
    return "|".join(_bounded(word) for word in words)


def _bounded(word: str) -> str:
    """`word` as a pattern that never matches inside a longer Latin word ("no" in "not")."""
    pattern = re.escape(word)
    if word[:1].isascii() and word[:1].isalpha():
        pattern = f"(?<![A-Za-z]){pattern}"
    if word[-1:].isascii() and word[-1:].isalpha():
        pattern = f"{pattern}(?![A-Za-z])"
    return pattern


@cache
def _commands() -> re.Pattern[str]:
    """A command with its event number ("收到 3", "resolved #3 new pipe"), a binding
    ("绑定 兰亭2号楼"), or a message of nothing but answer words ("好的 谢谢", "ok")."""
    gap = r"[\s\W_]"  # spaces and punctuation
    # Possessive repeats (*+): "?" is both an answer word and punctuation, and a long run
    # of punctuation must not be tried every way it could split.
    return re.compile(
        rf"{gap}*+(?:{_alternation(_COMMAND_VERBS)}){gap}*+[0-9].*"
        rf"|{gap}*+(?:{_alternation(_PLACE_COMMANDS)})(?:{gap}.*)?"
        rf"|(?:{gap}|[0-9]|(?>{_alternation(_WHOLE_ANSWERS)}))*+",
        re.IGNORECASE | re.DOTALL,
    )


def words_of(text: str) -> str:
    """What of `text` may tell its language: "" for a command, identifiers taken out."""
    text = text[:_READ_AT_MOST]
    if _commands().fullmatch(text):
        return ""
    return _without_identifiers(text)


def _without_identifiers(text: str) -> str:
    return _IDENTIFIERS.sub(" ", text[:_READ_AT_MOST])


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
    a lone "ok", a room number, an invite code, a command or an emoji says nothing, so the
    language stays as it was.
    """
    words = words_of(text)
    for code, letters, clear_at in _scripts():
        found = len(letters.findall(words))
        if found >= clear_at:
            return code
        if found:
            return None  # some of an earlier language's letters: never clearly a later one
    return None


def guess_language(text: str, default: str) -> str:
    """The language with any of its letters in `text` (in order), else `default`: the best
    guess for answering a stranger, who may well write "ok" or "好" in their language (a
    code or a number still says nothing)."""
    words = _without_identifiers(text)
    for code, letters, _ in _scripts():
        if letters.search(words):
            return code
    return default
