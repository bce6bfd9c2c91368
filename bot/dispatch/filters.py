"""Common filters. A filter names context values and returns False/None, True or data."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.chat import ChatKind, Inbound
from bot.kinds import Kind
from bot.nlu.reading import Reading


def in_group(inbound: Inbound) -> bool:
    return inbound.chat_kind is ChatKind.GROUP


def in_direct(inbound: Inbound) -> bool:
    return inbound.chat_kind is ChatKind.DIRECT


def mentions_bot(inbound: Inbound) -> bool:
    return inbound.mentions_bot


def text_matches(pattern: str | re.Pattern[str]) -> Callable[[Inbound], dict[str, Any] | None]:
    """Match the stripped text from its start; named groups become handler arguments."""
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern

    def check(inbound: Inbound) -> dict[str, Any] | None:
        found = compiled.match(inbound.text.strip())
        if found is None:
            return None
        return {"match": found, **found.groupdict()}

    return check


def reading_kind(*kinds: Kind) -> Callable[[Reading], bool]:
    """The parse of the message is one of `kinds` (the parse runs once, on first use)."""
    wanted = frozenset(kinds)

    def check(reading: Reading) -> bool:
        return reading.kind in wanted

    return check
