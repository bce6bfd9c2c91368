"""How WeChat writes an @mention into a message's text, shared by every transport that shows one."""

from __future__ import annotations

from collections.abc import Iterable

# WeChat separates an @mention from what follows with a four-per-em space.
MENTION_SEPARATOR = "\u2005"


def with_mentions(text: str, names: Iterable[str]) -> str:
    """Prefix the @names, as WeChat shows them, so a mention is visible as well as notified."""
    return "".join(f"@{name}{MENTION_SEPARATOR}" for name in names) + text
