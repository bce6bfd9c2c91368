"""The three questions every group message asks, answered from memory when possible.

Which landlord grids does this group cover? Who is this contact (and is there anything new
to learn about them)? Does this sender have an open dialog here? Answers are filled from the
database on first ask and dropped when the change log (bot/cache/feed.py) names their key,
whoever wrote it. Each message catches up first, so an answer is never older than the start
of the message that uses it. A session is opened (`db()`) only to fill a missing answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from bot.bounded import BoundedMap
from bot.cache.feed import ChangeFeed, Key, SessionOpener
from models.changes import KEY_SEPARATOR
from models.crud.bindings import landlord_grids_of_chat
from models.crud.dialogs import dialog_expiry
from models.crud.people import person_and_home_by_contact

CHAT, CONTACT, DIALOG = "chat", "contact", "dialog"

_V = TypeVar("_V")


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the onboarding gate needs to know to see there is nothing new to write."""

    person_id: int
    key: str | None  # directory people keep their directory name
    name: str
    lang: str
    has_home: bool


async def _answer(cache: BoundedMap[str, _V], key: str, fill: Callable[[], Awaitable[_V]]) -> _V:
    if key in cache:
        return cache[key]
    value = await fill()
    cache.put(key, value)
    return value


class Lookups:
    def __init__(self, feed: ChangeFeed | None = None, *, size: int = 50_000) -> None:
        self._feed = feed or ChangeFeed()
        self._chats: BoundedMap[str, tuple[int, ...]] = BoundedMap(size)
        self._contacts: BoundedMap[str, ContactFacts | None] = BoundedMap(size)
        self._dialogs: BoundedMap[str, datetime | None] = BoundedMap(size)
        self._languages: BoundedMap[str, str] = BoundedMap(size)
        self._areas: dict[str, BoundedMap[str, Any]] = {
            CHAT: self._chats,
            CONTACT: self._contacts,
            DIALOG: self._dialogs,
        }

    async def catch_up(self, db: SessionOpener, now: datetime) -> None:
        changed = await self._feed.catch_up(db, now)
        if changed is None:
            self._clear()
        else:
            self._drop(changed)

    async def close(self) -> None:
        await self._feed.close()

    def forget(self) -> None:
        """Drop every answer (a rollback may have undone what they were read from)."""
        self._clear()
        self._feed.forget()

    def _clear(self) -> None:
        for area in self._areas.values():
            area.clear()

    def _drop(self, changed: list[Key]) -> None:
        for area, key in changed:
            cached = self._areas.get(area)
            if cached is not None:
                cached.discard(key)

    async def grid_ids_of_chat(self, db: SessionOpener, chat_id: str) -> tuple[int, ...]:
        async def fill() -> tuple[int, ...]:
            grids = await landlord_grids_of_chat(await db(), chat_id=chat_id)
            return tuple(grid.id for grid in grids if grid.id is not None)

        return await _answer(self._chats, chat_id, fill)

    async def contact(self, db: SessionOpener, contact_id: str) -> ContactFacts | None:
        async def fill() -> ContactFacts | None:
            found = await person_and_home_by_contact(await db(), contact_id=contact_id)
            if found is None:
                return None
            person, has_home = found
            if person.id is None:
                return None
            self._languages.put(contact_id, person.lang)
            return ContactFacts(person.id, person.key, person.name, person.lang, has_home)

        return await _answer(self._contacts, contact_id, fill)

    def language_hint(self, contact_id: str) -> str | None:
        """The language last read for a contact, asking nobody: for words to someone while
        the database is away. A hint only: kept when the answers are dropped."""
        return self._languages.get(contact_id, None)

    async def has_dialog(
        self, db: SessionOpener, chat_id: str, sender_id: str, now: datetime
    ) -> bool:
        """False when surely none is open; True when one may be (then ask the database)."""

        async def fill() -> datetime | None:
            return await dialog_expiry(await db(), chat_id=chat_id, sender_id=sender_id)

        expires_at = await _answer(self._dialogs, chat_id + KEY_SEPARATOR + sender_id, fill)
        return expires_at is not None and expires_at > now
