"""The simulator's chat values: one shown message, its JSON form, and @mention reading."""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.chat import ChatKind, Inbound, MediaKind

BOT_ID = "gridbot"
MAX_TEXT = 2000
# A page's photo goes over its WebSocket (aiohttp takes 4 MB a message) as base64.
MAX_FILE = 2 * 1024 * 1024
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp")
_AT_SIGNS = ("@", "＠")


class SimulatorError(ValueError):
    """A web-page request the simulator refuses; `code` lets the page word it in its language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ChatLine:
    """One message as the simulator page shows it (a person's or the bot's)."""

    message_id: str
    chat_kind: ChatKind
    chat_id: str  # the group's room id, or the person's contact id for their direct chat
    sender_id: str
    sender_name: str
    text: str
    timestamp: datetime
    mentions: tuple[str, ...] = ()

    @property
    def from_bot(self) -> bool:
        return self.sender_id == BOT_ID

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.message_id,
            "chat_kind": self.chat_kind.value,
            "chat_id": self.chat_id,
            "sender_id": self.sender_id,
            "sender_name": self.sender_name,
            "text": self.text,
            "timestamp": self.timestamp.isoformat(),
            "mentions": list(self.mentions),
            "from_bot": self.from_bot,
        }

    def to_inbound(self, platform: str, *, chat_topic: str | None) -> Inbound:
        return Inbound(
            platform=platform,
            message_id=self.message_id,
            chat_id=self.chat_id,
            chat_kind=self.chat_kind,
            sender_id=self.sender_id,
            sender_name=self.sender_name,
            text=self.text,
            timestamp=self.timestamp,
            chat_topic=chat_topic,
            mentions=tuple(m for m in self.mentions if m != BOT_ID),
            mentions_bot=BOT_ID in self.mentions,
        )


def find_mentions(text: str, names: Mapping[str, str]) -> tuple[str, ...]:
    """The ids of the names written as "@Name" in the text, in order, each once.

    Chinese names are often followed by text with no space ("@王建国楼上漏水"), so at each
    @ the longest known name that the text continues with wins.
    """
    by_length = sorted(names, key=len, reverse=True)
    found: dict[str, None] = {}
    for index, char in enumerate(text):
        if char not in _AT_SIGNS:
            continue
        rest = text[index + 1 :]
        name = next((n for n in by_length if n and rest.startswith(n)), None)
        if name is not None:
            found[names[name]] = None
    return tuple(found)


def checked_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise SimulatorError("empty_text", "the message is empty")
    if len(text) > MAX_TEXT:
        raise SimulatorError("too_long", f"the message is longer than {MAX_TEXT} characters")
    return text.strip()


class Subscription:
    """A live listener (one WebSocket); a listener that falls behind is told to reload."""

    def __init__(self, capacity: int) -> None:
        self.lines: asyncio.Queue[ChatLine | None] = asyncio.Queue(capacity)

    def offer(self, line: ChatLine) -> None:
        try:
            self.lines.put_nowait(line)
        except asyncio.QueueFull:
            while not self.lines.empty():
                self.lines.get_nowait()
            self.lines.put_nowait(None)  # None: "you missed lines, reload the history"


def checked_file(name: object, data: object) -> tuple[bytes, str, MediaKind]:
    """A page's upload: its bytes, its name, and whether its name says picture (a phone
    sends a photo as an image message, anything else as a file)."""
    if not isinstance(name, str) or not name.strip() or not isinstance(data, str):
        raise SimulatorError("bad_request", "a photo has a name and base64 data")
    try:
        content = base64.b64decode(data, validate=True)
    except binascii.Error:
        raise SimulatorError("bad_request", "the photo's data is not base64") from None
    if not content:
        raise SimulatorError("empty_text", "the file is empty")
    if len(content) > MAX_FILE:
        raise SimulatorError("too_long", f"the file is bigger than {MAX_FILE} bytes")
    filename = name.strip()[-100:]
    image = filename.lower().endswith(_IMAGE_SUFFIXES)
    return content, filename, MediaKind.IMAGE if image else MediaKind.FILE
