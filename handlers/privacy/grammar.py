"""What the privacy feature reads: an ID or passport number posted where a group reads it."""

from __future__ import annotations

from bot.chat import Inbound
from bot.privacy import has_identity_number


def posts_identity_number(inbound: Inbound) -> bool:
    return has_identity_number(inbound.text)
