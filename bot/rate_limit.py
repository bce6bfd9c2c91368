"""A sliding-window limit on messages per group, so the bot never floods a chat."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class RateLimit:
    messages: int = 20
    per: timedelta = timedelta(minutes=1)

    def __post_init__(self) -> None:
        if self.messages < 1 or self.per <= timedelta(0):
            raise ValueError(f"a rate limit needs messages >= 1 and a positive window: {self}")


class RateLimiter:
    """Remembers when each chat was last sent to (in this process)."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._sent: dict[str, deque[datetime]] = {}

    def remaining(self, chat_id: str, now: datetime) -> int:
        """How many more messages the chat may get in the window ending now."""
        return self.limit.messages - len(self._window(chat_id, now))

    def free_at(self, chat_id: str, now: datetime) -> datetime | None:
        """When the chat may get a message again; None if it may now."""
        window = self._window(chat_id, now)
        if len(window) < self.limit.messages:
            return None
        return window[0] + self.limit.per

    def full(self, now: datetime) -> dict[str, datetime]:
        """Every chat that must wait, with the moment it may get a message again."""
        waits = {chat_id: self.free_at(chat_id, now) for chat_id in list(self._sent)}
        return {chat_id: moment for chat_id, moment in waits.items() if moment is not None}

    def record(self, chat_id: str, now: datetime) -> None:
        self._sent.setdefault(chat_id, deque()).append(now)

    def _window(self, chat_id: str, now: datetime) -> deque[datetime]:
        sent = self._sent.get(chat_id)
        if sent is None:
            return deque()
        while sent and sent[0] <= now - self.limit.per:
            sent.popleft()
        if not sent:
            del self._sent[chat_id]  # keeps `full()` proportional to the busy chats
        return sent
