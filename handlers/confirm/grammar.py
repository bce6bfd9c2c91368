"""A reporter's answer to "is it fixed?": yes, or no with an optional reason.

The whole message must be the answer (plus thanks, or a reason after a no): "好了谢谢",
"没有，还在漏", "还是漏", "not fixed - still dripping". "没有人管吗" or "好了吗？" are no answers.
Pure: `parse_answer(text)` returns an `Answer` or None. The words are each language's
(bot/lang/*/words.toml, [confirm]); the shapes around them are here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.lang import every

_YES = tuple(every("confirm.yes"))
_ALONE = tuple(every("confirm.no_alone"))  # "no", "nope": a reason needs punctuation first
_NO = (*every("confirm.no"), *_ALONE)
_END = r"[\s,，.。!！~～]*"


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_THANKS = rf"(?:{_alternation(tuple(every('confirm.thanks')))})*"
_YES_RE = re.compile(rf"^(?:{_alternation(_YES)}){_END}{_THANKS}{_END}$", re.IGNORECASE)
# A reason follows a separator. After a bare "no" only punctuation separates ("no water
# since morning" is a report); Chinese chat often uses a space as a comma ("没有 还在漏").
_PUNCT = r"[,，.。!！:：;；\-—]"
_SPACED = tuple(word for word in _NO if word not in _ALONE)
_NO_RE = re.compile(
    rf"^(?P<word>{_alternation(_NO)})(?:{_END}$|\s*{_PUNCT}+\s*(?P<reason>.+)$)"
    rf"|^(?P<spaced>{_alternation(_SPACED)})\s+(?P<reason2>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_NO_GLUED = re.compile(r"^(?P<word>没有?修好|还没修好|还没好|没解决|未解决)(?P<reason>[^\s,，].*)$")
# "还是漏", "还在滴水", "依然很吵": the problem goes on, and the message itself is the reason.
_STILL = re.compile(r"^(?:还在|还是|依然|仍然|仍在)[^吗?？谢]{1,20}$")


@dataclass(frozen=True, slots=True)
class Answer:
    fixed: bool
    reason: str | None = None


def parse_answer(text: str) -> Answer | None:
    plain = unicodedata.normalize("NFKC", text).strip()
    if _YES_RE.match(plain):
        return Answer(fixed=True)
    found = _NO_RE.match(plain) or _NO_GLUED.match(plain)
    if found is None:
        still = _STILL.match(plain.rstrip("。.!！~～"))
        return Answer(fixed=False, reason=still.group()) if still else None
    groups = found.groupdict()
    reason = (groups.get("reason") or groups.get("reason2") or "").strip(" ,，.。!！:：;；-—")
    return Answer(fixed=False, reason=reason or None)
