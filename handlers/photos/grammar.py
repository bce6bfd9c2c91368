"""What makes a message a photo for this feature: it carries an attachment (no words)."""

from __future__ import annotations

from typing import Any

from bot.chat import Inbound


def attachment(inbound: Inbound) -> dict[str, Any] | None:
    """The images or files of a message that has nothing else (a WeChat image message);
    None for text, and for text with pictures (a WeCom mixed message: the report router
    files its text, then keeps its pictures with the event)."""
    if not inbound.media or inbound.text.strip():
        return None
    return {"media": inbound.media}
