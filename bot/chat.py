"""The channel seam: what handlers and the pipeline know of a chat platform.

Every transport (bot/transport/<channel>/) turns its platform's events into these values
and sends `Delivery`s; nothing else of a transport is visible to handlers. A channel also
declares the two things handlers need to read a message as it was written: how it writes
an @mention into text (`MentionStyle`) and the bot's own id there (`Channel.bot_id`).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import Protocol, runtime_checkable

from bot.accounts import MAIN


class ChatKind(StrEnum):
    GROUP = "group"
    DIRECT = "direct"


class MediaKind(StrEnum):
    IMAGE = "image"  # a photo
    FILE = "file"  # any other attachment (a PDF, a document...): said to be no image


@dataclass(frozen=True, slots=True)
class MediaRef:
    """What a message carries besides text, as a reference: the bytes are fetched later,
    through the transport that read the message (`MediaSource.fetch_media`), and only when
    a handler wants them (a photo nobody reported anything before is never downloaded).

    Channel-neutral: `key` is the platform's handle (a WeChat message id, a WeCom media id,
    the simulator's upload id); `url` and `aes_key` are for platforms that hand out an
    address whose content is encrypted (WeCom's image URLs, decrypted with the message's
    AES key); `name` and `size` are what the platform says of it, if anything."""

    kind: MediaKind
    key: str
    url: str | None = None
    aes_key: str | None = None
    name: str | None = None
    size: int | None = None


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
    # Images or files the message carries: WeChat's image message is one and no text; a
    # WeCom mixed message has text and several.
    media: tuple[MediaRef, ...] = ()
    # Images sent with it, as references the platform gives (WeCom: an encrypted download
    # URL valid for minutes): kept as received, never fetched here.
    images: tuple[str, ...] = ()
    # False when the platform gives no display name (WeCom): `sender_name` is then the
    # sender's own id, and a sender the directory knows goes by its name.
    sender_named: bool = True
    # The account it came in on (config `[[accounts]]`, bot/accounts.py); its ids above are
    # as stored: prefixed with the account unless it is "main".
    account: str = MAIN


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
    account: str = MAIN  # as on Inbound


@dataclass(frozen=True, slots=True)
class Delivery:
    """One rendered message to send: to a group (with @mentions) or to one person."""

    chat_kind: ChatKind
    chat_id: str  # room id or contact id
    text: str
    mention_ids: tuple[str, ...] = field(default=())


Feed = Callable[[Inbound | MemberJoin], Awaitable[None]]


@dataclass(frozen=True)
class MentionStyle:
    """How a channel writes "@name" into a message's text: the name, then `separator`.

    Whitespace also ends a name, whatever the channel's separator: people type mentions
    by hand too.
    """

    separator: str = " "

    def written(self, text: str, names: Iterable[str]) -> str:
        """`text` with the @names in front, as the channel shows them."""
        return "".join(f"@{name}{self.separator}" for name in names) + text

    def leading(self, text: str) -> tuple[list[str], str] | None:
        """The @names a message begins with, and the text after them; None without any."""
        found = self._leading.match(text)
        if found is None:
            return None
        names = [name.strip() for name in self._split.split(found.group(0)) if name.strip()]
        return names, text[found.end() :]

    @cached_property
    def _leading(self) -> re.Pattern[str]:
        ends = re.escape(self.separator)
        return re.compile(rf"^(?:\s*@[^\s{ends}@]+[\s{ends}]*)+")

    @cached_property
    def _split(self) -> re.Pattern[str]:
        return re.compile(rf"[@\s{re.escape(self.separator)}]+")


class Channel(Protocol):
    """What handlers may know of the transport: its mentions and the bot's own id."""

    @property
    def mention_style(self) -> MentionStyle: ...

    @property
    def bot_id(self) -> str | None:
        """The bot's contact id on this platform (None until known, or when it has none)."""
        ...


@runtime_checkable
class LogsIn(Protocol):
    """A channel that logs in to its platform (WeChat does; the simulator is always there)."""

    @property
    def logged_in(self) -> bool: ...


class TransportError(Exception):
    """Sending failed; the outbox will retry."""


class NotConnected(TransportError):
    """Nothing was tried: the transport is not connected (logged in) right now. The outbox
    keeps every message as it was and tries again soon, without counting an attempt, so a
    long outage neither drops messages nor leaves them waiting out a long backoff."""


class MediaTooLarge(TransportError):
    """The attachment is bigger than the caller's limit: nothing more of it was read."""


class MediaSource(Protocol):
    """Where a message's attachment is fetched: the transport that read the message."""

    async def fetch_media(self, media: MediaRef, *, limit: int) -> bytes:
        """The attachment's bytes, at most `limit` of them: MediaTooLarge beyond that,
        TransportError when the platform cannot give them (NotConnected: not now)."""
        ...


class Transport(Channel, MediaSource, Protocol):
    platform: str

    async def start(self, feed: Feed) -> None:
        """Connect and begin feeding incoming messages; returns once connected."""
        ...

    async def send(self, delivery: Delivery) -> None:
        """Deliver one message or raise TransportError."""
        ...

    async def stop(self) -> None: ...
