"""The text forms the reports feature reads besides the parser's reading: corrections of a
report's place ("不是301，是302", "not 301, it's 302")."""

from __future__ import annotations

import re

from bot.chat import Inbound

_PATTERNS = (
    re.compile(
        r"^(?:更正|纠正|说错了|打错了)?[:：，,\s]*(?:不是|不在)\s*(?P<wrong>[^，,。;；\s]+?)"
        r"\s*[，,。;；]?\s*(?:而)?(?:是|在)\s*(?P<right>.+?)[。.!！]*$"
    ),
    re.compile(
        r"^(?:sorry|correction)?[:,\s]*not\s+(?P<wrong>[^,;\s]+)\s*[,;]?\s*"
        r"(?:but\s+)?(?:it(?:'s| is)\s+|it was\s+)?(?P<right>.+?)[.!]*$",
        re.IGNORECASE,
    ),
)


def is_correction(inbound: Inbound) -> dict[str, str] | None:
    """A filter: {"wrong": ..., "right": ...} when the message corrects something."""
    return correction(inbound.text)


def correction(text: str) -> dict[str, str] | None:
    for pattern in _PATTERNS:
        found = pattern.match(text.strip())
        if found:
            return {"wrong": found["wrong"], "right": found["right"]}
    return None
