"""Pure mapping between puppet-service payloads (as plain values) and GridBot's messages,
and from its failures to words.

Kept apart from bot/transport/wechaty/transport.py so it can be tested without the wechaty packages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from grpclib.const import Status
from grpclib.exceptions import GRPCError, StreamTerminatedError

from bot.chat import ChatKind, Inbound, MediaRef, MemberJoin
from bot.transport.wechaty.mentions import MENTION_SEPARATOR

PLATFORM = "wechat"

# How WeChat puppets render a quoted reply: 「name：quoted」, a dashed rule, the reply.
_QUOTE = re.compile(
    r"^「(?P<name>[^：:」]*)[：:](?P<quoted>.*?)」\s*\n\s*(?:-\s*){3,}\n(?P<reply>.*)$",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class RawMessage:
    """The fields of a puppet-service message payload that GridBot uses."""

    message_id: str
    text: str
    timestamp: int  # seconds or milliseconds since the epoch, depending on the puppet
    talker_id: str
    room_id: str = ""
    listener_id: str = ""
    mention_ids: tuple[str, ...] = ()
    media: tuple[MediaRef, ...] = ()  # an image or file message: fetched by its message id


@dataclass(frozen=True, slots=True)
class Quote:
    reply: str
    quoted_text: str
    quoted_name: str


def message_time(timestamp: int) -> datetime:
    """Puppets send seconds or milliseconds; anything past year 5138 in seconds is ms."""
    seconds = timestamp / 1000 if timestamp > 100_000_000_000 else float(timestamp)
    return datetime.fromtimestamp(seconds, UTC)


def split_quote(text: str) -> Quote | None:
    match = _QUOTE.match(text)
    if match is None:
        return None
    return Quote(
        reply=match["reply"].strip(),
        quoted_text=match["quoted"].strip(),
        quoted_name=match["name"].strip(),
    )


def mentions_name(text: str, name: str) -> bool:
    """Whether the text @mentions `name` (puppets that give no mention ids still write it)."""
    if not name:
        return False
    return re.search(rf"@{re.escape(name)}(?:[{MENTION_SEPARATOR}\s]|$)", text) is not None


def to_inbound(
    raw: RawMessage,
    *,
    sender_name: str,
    chat_topic: str | None,
    bot_id: str,
    bot_name: str,
) -> Inbound:
    quote = None if raw.media else split_quote(raw.text)
    # An image's payload text is the provider's own (XML on some): nothing anyone wrote.
    text = "" if raw.media else quote.reply if quote else raw.text
    in_group = bool(raw.room_id)
    return Inbound(
        platform=PLATFORM,
        message_id=raw.message_id,
        chat_id=raw.room_id if in_group else raw.talker_id,
        chat_kind=ChatKind.GROUP if in_group else ChatKind.DIRECT,
        sender_id=raw.talker_id,
        sender_name=sender_name,
        text=text,
        timestamp=message_time(raw.timestamp),
        chat_topic=chat_topic,
        mentions=raw.mention_ids,
        mentions_bot=bot_id in raw.mention_ids or (in_group and mentions_name(text, bot_name)),
        quoted_text=quote.quoted_text if quote else None,
        media=raw.media,
    )


def split_invitees(invited_ids: Sequence[str], *, bot_id: str) -> tuple[list[str], bool]:
    """The people added to a room other than the bot, and whether the bot was added too."""
    others = [i for i in invited_ids if i != bot_id]
    return others, len(others) < len(invited_ids)


def to_member_join(
    *,
    room_id: str,
    topic: str | None,
    members: list[tuple[str, str]],
    timestamp: int,
    bot_joined: bool = False,
) -> MemberJoin:
    return MemberJoin(
        platform=PLATFORM,
        chat_id=room_id,
        member_ids=tuple(member_id for member_id, _ in members),
        member_names=tuple(name for _, name in members),
        timestamp=message_time(timestamp),
        chat_topic=topic,
        bot_joined=bot_joined,
    )


# What the service answers while it (or the way to it) is going away: worth another try.
_PASSING_STATUSES = frozenset(
    {Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED, Status.CANCELLED, Status.ABORTED}
)


def is_transient(error: BaseException) -> bool:
    """Whether reading again may work: a dropped connection, not the service's answer
    about this one thing (an unknown message, a member who left, a payload it refuses)."""
    if isinstance(error, GRPCError):
        return error.status in _PASSING_STATUSES
    return isinstance(error, StreamTerminatedError | OSError | TimeoutError)


def describe(error: BaseException) -> str:
    """A failure of the puppet service or the network, in words for the log and the user."""
    if isinstance(error, GRPCError):
        if error.status is Status.UNAUTHENTICATED:
            return "the puppet service rejected the token"  # its message echoes the token
        if error.status is Status.UNIMPLEMENTED:
            return f"this is not a Wechaty puppet service ({error.message})"
        return f"the puppet service answered {error.status.name}: {error.message}"
    if isinstance(error, StreamTerminatedError):
        return "the connection was lost"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimeoutError):
        return "no answer (timed out)"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}"
