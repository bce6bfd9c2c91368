"""The onboarding commands people type in chats, as patterns (filters read them)."""

from __future__ import annotations

import re

BIND = re.compile(r"^(?:绑定|綁定|bind(?=[\s:：]))\s*[:：]?\s*(?P<place>.+?)\s*$", re.I | re.S)
UNBIND = re.compile(
    r"^(?:解绑|解綁|解除绑定|unbind(?=[\s:：]|$))\s*[:：]?\s*(?P<place>.*?)\s*$", re.I | re.S
)
CHOICE = re.compile(r"^(?:绑定|bind)?\s*(?P<number>[1-9])\s*$", re.I)
UNBOUND_LIST = re.compile(r"^(?:未绑定(?:的)?群|unbound(?: groups)?)\s*[?？]?$", re.I)

ENGLISH = re.compile(
    r"^(?:(?:in\s+)?english(?:\s+please)?|please\s+(?:use|speak|write)\s+english|"
    r"说英文|說英文|请说英文|用英文|英文)\s*[.!。！]?$",
    re.I,
)
CHINESE = re.compile(
    r"^(?:说中文|說中文|请说中文|用中文|中文|(?:in\s+)?chinese(?:\s+please)?|"
    r"please\s+(?:use|speak|write)\s+chinese)\s*[.!。！]?$",
    re.I,
)


def explicit_language(text: str) -> str | None:
    """The language a message asks for ("English please" → "en"), or None."""
    stripped = text.strip()
    if ENGLISH.match(stripped):
        return "en"
    if CHINESE.match(stripped):
        return "zh"
    return None
