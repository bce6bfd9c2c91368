"""What makes a message a photo for this feature: it carries an attachment (no words)."""

from __future__ import annotations

from typing import Any

from bot.chat import Inbound


def attachment(inbound: Inbound) -> dict[str, Any] | None:
    """The message's image or file as `media`; None for a text message."""
    return None if inbound.media is None else {"media": inbound.media}
