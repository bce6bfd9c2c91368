"""The transport-neutral interface: what every chat platform adapter provides."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class ChatKind(StrEnum):
    GROUP = "group"
    DIRECT = "direct"


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message as the bot sees it, whatever platform it came from."""

    platform: str  # "wechat", "simulator", "memory"
    message_id: str
    chat_id: str  # room id for groups, the sender's contact id for direct chats
    chat_kind: ChatKind
    sender_id: str
    sender_name: str
    text: str
    timestamp: datetime
    chat_topic: str | None = None
    mentions: tuple[str, ...] = ()  # contact ids @mentioned
    mentions_bot: bool = False
    quoted_text: str | None = None
    quoted_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class MemberJoin:
    """People joining a group (the platform's room-join event).

    The bot itself is never among the members: `bot_joined` says it was added too (alone,
    `member_ids` is empty), so being invited into a group is an event of its own.
    """

    platform: str
    chat_id: str
    member_ids: tuple[str, ...]
    member_names: tuple[str, ...]
    timestamp: datetime
    chat_topic: str | None = None
    bot_joined: bool = False


@dataclass(frozen=True, slots=True)
class Delivery:
    """One rendered message to send: to a group (with @mentions) or to one person."""

    chat_kind: ChatKind
    chat_id: str  # room id or contact id
    text: str
    mention_ids: tuple[str, ...] = field(default=())


Feed = Callable[[Inbound | MemberJoin], Awaitable[None]]


class TransportError(Exception):
    """Sending failed; the outbox will retry."""


class NotConnected(TransportError):
    """Nothing was tried: the transport is not connected (logged in) right now. The outbox
    keeps every message as it was and tries again soon, without counting an attempt, so a
    long outage neither drops messages nor leaves them waiting out a long backoff."""


class Transport(Protocol):
    platform: str

    async def start(self, feed: Feed) -> None:
        """Connect and begin feeding incoming messages; returns once connected."""
        ...

    async def send(self, delivery: Delivery) -> None:
        """Deliver one message or raise TransportError."""
        ...

    async def stop(self) -> None: ...
