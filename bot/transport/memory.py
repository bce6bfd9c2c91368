"""An in-process transport for tests and benchmarks: push messages in, read what was sent.

transport = MemoryTransport()
await transport.start(dispatcher.feed)
await transport.push(group_message("10幢漏水了", chat_id="room-shima-10", ...))
assert transport.sent == [Delivery(...)]
transport.fail_sends = True  # a platform outage: send() raises TransportError
await transport.push(transport.image(data, chat_id="room-shima-10", sender_id=..., ...))
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from bot.chat import (
    ChatKind,
    Delivery,
    Feed,
    Inbound,
    MediaKind,
    MediaRef,
    MediaTooLarge,
    MemberJoin,
    MentionStyle,
    TransportError,
)

PLATFORM = "memory"
_message_numbers = count(1)


class MemoryTransport:
    platform = PLATFORM
    # Tests write mentions as WeChat does; the bot has no contact of its own here.
    mention_style = MentionStyle("\u2005")
    bot_id: str | None = None

    def __init__(self) -> None:
        self.sent: list[Delivery] = []
        self.fail_sends = False
        self.media: dict[str, bytes] = {}  # what fetch_media hands out, by MediaRef.key
        self.fetched: list[MediaRef] = []
        self._feed: Feed | None = None

    async def start(self, feed: Feed) -> None:
        if self._feed is not None:
            raise RuntimeError("the memory transport is already started")
        self._feed = feed

    async def stop(self) -> None:
        self._feed = None

    async def push(self, event: Inbound | MemberJoin) -> None:
        """Hand one incoming event to the feed and return once it has been handled."""
        if self._feed is None:
            raise RuntimeError("push() before start(): nothing would handle the message")
        await self._feed(event)

    async def send(self, delivery: Delivery) -> None:
        if self._feed is None:
            raise TransportError("the memory transport is not running")
        if self.fail_sends:
            raise TransportError("the memory transport is down (fail_sends is set)")
        self.sent.append(delivery)

    async def fetch_media(self, media: MediaRef, *, limit: int) -> bytes:
        self.fetched.append(media)
        data = self.media.get(media.key)
        if data is None:
            raise TransportError(f"the memory transport has no media {media.key!r}")
        if len(data) > limit:
            raise MediaTooLarge(f"{len(data)} bytes (limit {limit})")
        return data

    def image(
        self,
        data: bytes,
        *,
        chat_id: str,
        sender_id: str,
        sender_name: str,
        kind: MediaKind = MediaKind.IMAGE,
        direct: bool = False,
        quoted_message_id: str | None = None,
        timestamp: datetime | None = None,
    ) -> Inbound:
        """An image (or file) message whose bytes this transport hands out when fetched."""
        message_id = _next_message_id()
        self.media[message_id] = data
        return Inbound(
            platform=PLATFORM,
            message_id=message_id,
            chat_id=chat_id,
            chat_kind=ChatKind.DIRECT if direct else ChatKind.GROUP,
            sender_id=sender_id,
            sender_name=sender_name,
            text="",
            timestamp=timestamp or datetime.now(UTC),
            quoted_message_id=quoted_message_id,
            media=(MediaRef(kind, message_id),),
        )

    def take_sent(self) -> list[Delivery]:
        """What was sent since the last call: for conversations checked step by step."""
        taken, self.sent = self.sent, []
        return taken


def group_message(
    text: str,
    *,
    chat_id: str,
    sender_id: str,
    sender_name: str,
    mentions: tuple[str, ...] = (),
    mentions_bot: bool = False,
    message_id: str | None = None,
    chat_topic: str | None = None,
    quoted_text: str | None = None,
    timestamp: datetime | None = None,
) -> Inbound:
    return Inbound(
        platform=PLATFORM,
        message_id=message_id or _next_message_id(),
        chat_id=chat_id,
        chat_kind=ChatKind.GROUP,
        sender_id=sender_id,
        sender_name=sender_name,
        text=text,
        timestamp=timestamp or datetime.now(UTC),
        chat_topic=chat_topic,
        mentions=mentions,
        mentions_bot=mentions_bot,
        quoted_text=quoted_text,
    )


def direct_message(
    text: str,
    *,
    sender_id: str,
    sender_name: str,
    message_id: str | None = None,
    quoted_text: str | None = None,
    timestamp: datetime | None = None,
) -> Inbound:
    return Inbound(
        platform=PLATFORM,
        message_id=message_id or _next_message_id(),
        chat_id=sender_id,
        chat_kind=ChatKind.DIRECT,
        sender_id=sender_id,
        sender_name=sender_name,
        text=text,
        timestamp=timestamp or datetime.now(UTC),
        quoted_text=quoted_text,
    )


def member_join(
    *,
    chat_id: str,
    members: dict[str, str],
    chat_topic: str | None = None,
    timestamp: datetime | None = None,
    bot_joined: bool = False,
) -> MemberJoin:
    """`members` maps contact id to display name, in joining order (the bot: `bot_joined`)."""
    return MemberJoin(
        platform=PLATFORM,
        chat_id=chat_id,
        member_ids=tuple(members),
        member_names=tuple(members.values()),
        timestamp=timestamp or datetime.now(UTC),
        chat_topic=chat_topic,
        bot_joined=bot_joined,
    )


def _next_message_id() -> str:
    return f"memory-{next(_message_numbers)}"
