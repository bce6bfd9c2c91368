"""Reads puppet-service events into GridBot's messages, remembering names, group nicknames
and room topics.

A member's name in a group is their group nickname (room alias) when they set one, else
their WeChat name: "3号楼502-周小梅" says where she lives, as the simulator's names do. The
nicknames are remembered per group and forgotten when the service says a group's members
changed (a `dirty` event), when someone joins, and after `alias_ttl` seconds whatever
happens (for services that do not say).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from grpclib.exceptions import GRPCError

from bot.chat import Inbound, MediaKind, MediaRef, MemberJoin
from bot.transport.wechaty.mapping import (
    RawMessage,
    split_invitees,
    to_inbound,
    to_member_join,
)

# The payload types of a `dirty` event (wechaty-puppet's DirtyType).
DIRTY_CONTACT, DIRTY_ROOM, DIRTY_ROOM_MEMBER = 2, 3, 4
ALIAS_TTL = 600.0  # seconds


class PuppetReader:
    def __init__(
        self,
        *,
        text_type: object,
        media_types: Mapping[object, MediaKind] | None = None,
        alias_ttl: float = ALIAS_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._text_type = text_type  # the client's enum value for a text message
        self._media_types = dict(media_types or {})  # its values for images and files
        self.bot_id = ""
        self.bot_name = ""
        self._names: dict[str, str] = {}
        self._topics: dict[str, str] = {}
        self._aliases: dict[
            str, dict[str, tuple[str, float]]
        ] = {}  # room -> member -> (alias, until)
        self._alias_ttl = alias_ttl
        self._clock = clock

    async def login(self, puppet: Any, bot_id: str) -> None:
        self.bot_id = bot_id
        self.bot_name = await self.name(puppet, bot_id)

    async def message(self, puppet: Any, message_id: str) -> Inbound | None:
        raw = await puppet.message_payload(message_id)
        media_kind = self._media_types.get(raw.type)
        if raw.from_id == self.bot_id or (raw.type != self._text_type and media_kind is None):
            return None  # own messages come back as events; only text, images and files
        media: tuple[MediaRef, ...] = ()
        if media_kind is not None:  # the bytes are asked for by message id, when wanted
            media = (MediaRef(media_kind, raw.id, name=raw.filename or None),)
        message = RawMessage(
            message_id=raw.id,
            text=raw.text,
            timestamp=raw.timestamp,
            talker_id=raw.from_id,
            room_id=raw.room_id,
            listener_id=raw.to_id,
            mention_ids=tuple(raw.mention_ids),
            media=media,
        )
        in_room = bool(raw.room_id)
        return to_inbound(
            message,
            sender_name=await (
                self.shown_name(puppet, raw.room_id, raw.from_id)
                if in_room
                else self.name(puppet, raw.from_id)
            ),
            chat_topic=await self._topic(puppet, raw.room_id) if in_room else None,
            bot_id=self.bot_id,
            bot_name=self.bot_name,
        )

    async def join(self, puppet: Any, payload: Any) -> MemberJoin | None:
        joined, bot_joined = split_invitees(payload.invited_ids, bot_id=self.bot_id)
        if not joined and not bot_joined:
            return None  # nobody was added
        room = payload.room_id
        for member in joined:  # someone back in a group may come with another nickname
            self._aliases.get(room, {}).pop(member, None)
        return to_member_join(
            room_id=room,
            topic=await self._topic(puppet, room),
            members=[(i, await self.shown_name(puppet, room, i)) for i in joined],
            timestamp=payload.timestamp or 0,
            bot_joined=bot_joined,
        )

    def topic_changed(self, room_id: str) -> None:
        self._topics.pop(room_id, None)

    def dirty(self, payload: Mapping[str, Any]) -> None:
        """The service says something it told before has changed: forget it."""
        kind, key = payload.get("payloadType"), str(payload.get("payloadId", ""))
        if kind == DIRTY_CONTACT:
            self._names.pop(key, None)
        elif kind == DIRTY_ROOM:
            self._topics.pop(key, None)
        elif kind == DIRTY_ROOM_MEMBER:
            self._aliases.pop(key, None)

    async def name(self, puppet: Any, contact_id: str) -> str:
        if contact_id not in self._names:
            self._names[contact_id] = (await puppet.contact_payload(contact_id)).name
        return self._names[contact_id]

    async def shown_name(self, puppet: Any, room_id: str, contact_id: str) -> str:
        """The member's name as the group shows it: their group nickname, else their name."""
        return await self._alias(puppet, room_id, contact_id) or await self.name(puppet, contact_id)

    async def _alias(self, puppet: Any, room_id: str, contact_id: str) -> str:
        now = self._clock()
        known = self._aliases.get(room_id, {}).get(contact_id)
        if known is not None and known[1] > now:
            return known[0]
        try:
            alias = (await puppet.room_member_payload(room_id, contact_id)).room_alias
        except GRPCError:
            alias = ""  # the service knows no such member (they left): their name will do
        self._aliases.setdefault(room_id, {})[contact_id] = (alias, now + self._alias_ttl)
        return str(alias or "")

    async def _topic(self, puppet: Any, room_id: str) -> str:
        if room_id not in self._topics:
            self._topics[room_id] = (await puppet.room_payload(room_id)).topic
        return self._topics[room_id]
