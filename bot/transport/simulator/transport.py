"""The local chat simulator: the demo directory's people chat in its groups through a web page.

It keeps everything in memory (a bounded history per group and per direct chat) and tells
its subscribers (the page's WebSockets) about every new line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from dataclasses import replace

from bot.bounded import BoundedMap
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
from bot.clock import Clock, SystemClock
from bot.directory import Directory
from bot.transport.simulator.chat import (
    BOT_ID,
    ChatLine,
    SimulatorError,
    Subscription,
    checked_text,
    find_mentions,
)
from bot.transport.simulator.roster import Group, Identity, Roster

logger = logging.getLogger(__name__)


class SimulatorTransport:
    platform = "simulator"
    # The page shows mentions as WeChat does.
    mention_style = MentionStyle("\u2005")
    bot_id: str | None = BOT_ID

    def __init__(
        self,
        directory: Directory,
        *,
        bot_name: str = "网格助手",
        clock: Clock | None = None,
        history_limit: int = 200,
        inbox_limit: int = 1000,
    ) -> None:
        self.roster = Roster(directory)
        self.bot_name = bot_name
        self._clock = clock or SystemClock()
        self._history_limit = history_limit
        self._history: dict[tuple[ChatKind, str], deque[ChatLine]] = {}
        self._members = {group.chat_id: set(group.member_ids) for group in self.roster.groups}
        self._subscribers: set[Subscription] = set()
        self._inbox: asyncio.Queue[Inbound | MemberJoin] = asyncio.Queue(inbox_limit)
        self._worker: asyncio.Task[None] | None = None
        # Uploaded images by message id, until fetched (or pushed out by newer ones).
        self._uploads: BoundedMap[str, bytes] = BoundedMap(50)

    async def start(self, feed: Feed) -> None:
        if self._worker is not None:
            raise RuntimeError("the simulator transport is already started")
        # One worker keeps the platform's order: a person's messages reach the bot in sequence.
        self._worker = asyncio.create_task(self._deliver(feed), name="simulator-feed")

    async def stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def settled(self) -> None:
        """Wait until everything posted so far has been handed to the feed."""
        await self._inbox.join()

    async def send(self, delivery: Delivery) -> None:
        if self._worker is None:
            raise TransportError("the simulator is not running")
        if delivery.chat_kind is ChatKind.GROUP:
            if self.roster.group(delivery.chat_id) is None:
                raise TransportError(f"the simulator has no group {delivery.chat_id!r}")
            names = [self._name_of(contact_id) for contact_id in delivery.mention_ids]
            text = self.mention_style.written(delivery.text, names)
        else:
            if self.roster.identity(delivery.chat_id) is None:
                raise TransportError(f"the simulator has no person {delivery.chat_id!r}")
            text = delivery.text
        kind, chat_id = delivery.chat_kind, delivery.chat_id
        self._record(self._line(kind, chat_id, BOT_ID, self.bot_name, text, delivery.mention_ids))

    async def post_group(self, *, sender_id: str, chat_id: str, text: object) -> ChatLine:
        person, group = self.person(sender_id), self.group(chat_id)
        if sender_id not in self._members[chat_id]:
            raise SimulatorError("not_member", f"{person.name} is not in {group.name}")
        body = checked_text(text)
        names = {self._name_of(member): member for member in self._members[chat_id]}
        mentions = find_mentions(body, {**names, self.bot_name: BOT_ID})
        line = self._line(ChatKind.GROUP, chat_id, sender_id, person.name, body, mentions)
        self._record(line)
        await self._inbox.put(line.to_inbound(self.platform, chat_topic=group.name))
        return line

    async def post_direct(self, *, sender_id: str, text: object) -> ChatLine:
        person = self.person(sender_id)
        line = self._line(ChatKind.DIRECT, sender_id, sender_id, person.name, checked_text(text))
        self._record(line)
        await self._inbox.put(line.to_inbound(self.platform, chat_topic=None))
        return line

    async def post_file(
        self, *, sender_id: str, chat_id: str | None, data: bytes, name: str, kind: MediaKind
    ) -> ChatLine:
        """An image or file sent in a group (`chat_id`) or, with None, to the bot."""
        person = self.person(sender_id)
        if chat_id is not None:
            group = self.group(chat_id)
            if sender_id not in self._members[chat_id]:
                raise SimulatorError("not_member", f"{person.name} is not in {group.name}")
        chat_kind = ChatKind.DIRECT if chat_id is None else ChatKind.GROUP
        target = sender_id if chat_id is None else chat_id
        line = self._line(chat_kind, target, sender_id, person.name, f"[{kind.value}] {name}")
        self._uploads.put(line.message_id, data)
        self._record(line)
        topic = None if chat_id is None else self.group(chat_id).name
        inbound = line.to_inbound(self.platform, chat_topic=topic)
        media = MediaRef(kind, line.message_id, name=name, size=len(data))
        await self._inbox.put(replace(inbound, text="", media=(media,)))
        return line

    async def fetch_media(self, media: MediaRef, *, limit: int) -> bytes:
        data = self._uploads.get(media.key, None)
        if data is None:
            raise TransportError(f"the simulator no longer has the upload {media.key!r}")
        if len(data) > limit:
            raise MediaTooLarge(f"{len(data)} bytes (limit {limit})")
        return data

    async def join(self, *, sender_id: str, chat_id: str) -> bool:
        """Add a person to a group (the platform's room-join); False if already a member."""
        person, group = self.person(sender_id), self.group(chat_id)
        if sender_id in self._members[chat_id]:
            return False
        self._members[chat_id].add(sender_id)
        now = self._clock.now()
        join = MemberJoin(self.platform, chat_id, (sender_id,), (person.name,), now, group.name)
        await self._inbox.put(join)
        return True

    def is_member(self, chat_id: str, contact_id: str) -> bool:
        return contact_id in self._members.get(chat_id, ())

    def history(self, chat_kind: ChatKind, chat_id: str) -> tuple[ChatLine, ...]:
        return tuple(self._history.get((chat_kind, chat_id), ()))

    def subscribe(self, capacity: int = 256) -> Subscription:
        subscription = Subscription(capacity)
        self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    async def _deliver(self, feed: Feed) -> None:
        while True:
            item = await self._inbox.get()
            try:
                await feed(item)
            except Exception:
                # The dispatcher has its own error boundary; this only keeps the simulator alive.
                logger.exception("the feed failed on a simulator message: %r", item)
            finally:
                self._inbox.task_done()

    def person(self, contact_id: object) -> Identity:
        """The identity a page names (any JSON value), or the error the page words."""
        person = self.roster.identity(contact_id) if isinstance(contact_id, str) else None
        if person is None:
            raise SimulatorError("unknown_identity", f"nobody has the contact id {contact_id!r}")
        return person

    def group(self, chat_id: object) -> Group:
        """The group a page names (any JSON value), or the error the page words."""
        group = self.roster.group(chat_id) if isinstance(chat_id, str) else None
        if group is None:
            raise SimulatorError("unknown_group", f"there is no group {chat_id!r}")
        return group

    def _name_of(self, contact_id: str) -> str:
        person = self.roster.identity(contact_id)
        return person.name if person is not None else contact_id

    def _line(
        self,
        kind: ChatKind,
        chat_id: str,
        sender_id: str,
        name: str,
        text: str,
        mentions: tuple[str, ...] = (),
    ) -> ChatLine:
        message_id = f"sim-{uuid.uuid4().hex}"  # unique across restarts: the bot logs every id
        now = self._clock.now()
        return ChatLine(message_id, kind, chat_id, sender_id, name, text, now, mentions)

    def _record(self, line: ChatLine) -> None:
        key = (line.chat_kind, line.chat_id)
        self._history.setdefault(key, deque(maxlen=self._history_limit)).append(line)
        for subscription in self._subscribers:
            subscription.offer(line)
