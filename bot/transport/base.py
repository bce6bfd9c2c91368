"""The names a transport implements, for code written against this module: they are
defined once, in bot/chat.py (the channel seam handlers import)."""

from bot.chat import (
    ChatKind,
    Delivery,
    Feed,
    Inbound,
    MemberJoin,
    MentionStyle,
    NotConnected,
    Transport,
    TransportError,
)

__all__ = [
    "ChatKind",
    "Delivery",
    "Feed",
    "Inbound",
    "MemberJoin",
    "MentionStyle",
    "NotConnected",
    "Transport",
    "TransportError",
]
