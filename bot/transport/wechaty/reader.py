"""Reads puppet-service events into GridBot's messages, remembering names and room topics."""

from __future__ import annotations

from typing import Any

from bot.chat import Inbound, MemberJoin
from bot.transport.wechaty.mapping import (
    RawMessage,
    split_invitees,
    to_inbound,
    to_member_join,
)


class PuppetReader:
    def __init__(self, *, text_type: object) -> None:
        self._text_type = text_type  # the client's enum value for a text message
        self.bot_id = ""
        self.bot_name = ""
        self._names: dict[str, str] = {}
        self._topics: dict[str, str] = {}

    async def login(self, puppet: Any, bot_id: str) -> None:
        self.bot_id = bot_id
        self.bot_name = await self.name(puppet, bot_id)

    async def message(self, puppet: Any, message_id: str) -> Inbound | None:
        raw = await puppet.message_payload(message_id)
        if raw.from_id == self.bot_id or raw.type != self._text_type:
            return None  # own messages come back as events; only text is read
        message = RawMessage(
            message_id=raw.id,
            text=raw.text,
            timestamp=raw.timestamp,
            talker_id=raw.from_id,
            room_id=raw.room_id,
            listener_id=raw.to_id,
            mention_ids=tuple(raw.mention_ids),
        )
        return to_inbound(
            message,
            sender_name=await self.name(puppet, raw.from_id),
            chat_topic=await self._topic(puppet, raw.room_id) if raw.room_id else None,
            bot_id=self.bot_id,
            bot_name=self.bot_name,
        )

    async def join(self, puppet: Any, payload: Any) -> MemberJoin | None:
        joined, bot_joined = split_invitees(payload.invited_ids, bot_id=self.bot_id)
        if not joined and not bot_joined:
            return None  # nobody was added
        return to_member_join(
            room_id=payload.room_id,
            topic=await self._topic(puppet, payload.room_id),
            members=[(i, await self.name(puppet, i)) for i in joined],
            timestamp=payload.timestamp or 0,
            bot_joined=bot_joined,
        )

    def topic_changed(self, room_id: str) -> None:
        self._topics.pop(room_id, None)

    async def name(self, puppet: Any, contact_id: str) -> str:
        if contact_id not in self._names:
            self._names[contact_id] = (await puppet.contact_payload(contact_id)).name
        return self._names[contact_id]

    async def _topic(self, puppet: Any, room_id: str) -> str:
        if room_id not in self._topics:
            self._topics[room_id] = (await puppet.room_payload(room_id)).topic
        return self._topics[room_id]
