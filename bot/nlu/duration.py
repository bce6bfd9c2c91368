"""How long the reported problem has lasted, as the message says it."""

from __future__ import annotations

import re

# "漏水两天了", "坏了一个多月了", "for 3 days": how long the problem has lasted.
_DURATION = re.compile(
    r"(?:[0-9]+|[一二两三四五六七八九十半几]+)(?:个多|多个|个)?(?:小时|天|周|星期|礼拜|个?月|年)了"
    r"|(?:for|since) (?:[0-9]+|a|an|two|three|four|five|six|several|a few) "
    r"(?:hours?|days?|weeks?|months?|years?)"
)


# Every phrase above holds one of these.
_WORDS = ("了", "for ", "since ")


def find_duration(text: str) -> str | None:
    lower = text.lower()
    if not any(word in lower for word in _WORDS):
        return None
    found = _DURATION.search(lower)
    return found.group() if found else None
