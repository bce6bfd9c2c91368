"""Answers to the self-check's questions, as landlords type them.

Forgiving on purpose: "1是 2否 3是 4是", "1.是，2.否", "是 否 是 是", "是是否是", "全部正常",
one answer per message ("否": the next open question), English "yes"/"no"/"all ok".
Pure: `read_answers(text, open_questions=..., count=...)` returns {question number: safe?}
or None when the message is no answer. The words are each language's (bot/lang/*/
words.toml, [selfcheck]); "是" / "yes" means safe, "否" / "no" a hazard.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bot.lang import every

_YES = tuple(every("selfcheck.yes"))
_NO = tuple(every("selfcheck.no"))
_ALL = frozenset(" ".join(w.lower().split()) for w in every("selfcheck.all_yes"))


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORD = rf"(?:{_alternation((*_YES, *_NO))})"
_SAFE = frozenset(w.lower() for w in _YES)
_GAP = r"[\s,，、;；.。!！/|]*"
# "1是", "1.否", "2、yes", "(3) no", "④是" (NFKC makes circled digits plain)
_NUMBERED = re.compile(rf"{_GAP}[(（]?(?P<n>\d{{1,2}})[)）]?\s*[.、:：)）\-]?\s*(?P<w>{_WORD})")
_PLAIN = re.compile(rf"{_GAP}(?P<w>{_WORD})")
_END = re.compile(rf"{_GAP}")
_LATIN = re.compile(r"[a-z]")


def read_answers(text: str, *, open_questions: Sequence[int], count: int) -> dict[int, bool] | None:
    """`open_questions`: the numbers (from 1) still unanswered, in order; `count`: how many
    the checklist has. Numbered answers name their question; plain ones fill the open
    questions in order; "全部正常" answers every open one."""
    plain = unicodedata.normalize("NFKC", text).strip().lower()
    if " ".join(plain.strip(" .。!！~～").split()) in _ALL:
        return dict.fromkeys(open_questions, True)
    numbered = _scan(plain, _NUMBERED)
    if numbered is not None:
        answers = {int(n): safe for n, safe in numbered}
        return answers if all(1 <= n <= count for n in answers) else None
    words = _scan(plain, _PLAIN)
    if words is None or len(words) > len(open_questions):
        return None
    return {n: safe for n, (_, safe) in zip(open_questions, words, strict=False)}


def _scan(text: str, pattern: re.Pattern[str]) -> list[tuple[str, bool]] | None:
    """The whole text as a run of `pattern` (separators between), else None."""
    found: list[tuple[str, bool]] = []
    at = 0
    while True:
        match = pattern.match(text, at)
        if match is None or match.end() == at:
            break
        word = match["w"]
        # A Latin word must stand alone: "no" in "north", "y" in "yard" are no answers.
        after = text[match.end() : match.end() + 1]
        if _LATIN.match(word[-1]) and after and _LATIN.match(after):
            return None
        found.append((match.groupdict().get("n") or "", word in _SAFE))
        at = match.end()
    if not found or _END.fullmatch(text, at) is None:
        return None
    return found
