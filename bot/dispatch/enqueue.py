"""Outbound data → rendered text → a pending outbox row, in the handler's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.outbound import Outbound, ToGroup
from bot.dispatch.participants import person_of
from bot.render import Renderer
from bot.transport.base import ChatKind
from models.crud.outbox import enqueue


class Enqueuer:
    """Renders each outbound in its recipient's language into the durable outbox."""

    def __init__(self, renderer: Renderer, *, default_lang: str = "zh") -> None:
        self.renderer = renderer
        self.default_lang = default_lang

    async def enqueue(
        self,
        session: AsyncSession,
        outbounds: Iterable[Outbound],
        *,
        now: datetime,
        key: str | None = None,
    ) -> int:
        """Queue each outbound; how many were new.

        With `key`, they are queued as `key:0`, `key:1`, ...: a producer that may repeat a
        step (a timer after a crash, a second process) queues each message only once.
        """
        added = 0
        for index, item in enumerate(outbounds):
            dedupe_key = None if key is None else f"{key}:{index}"
            added += await self.enqueue_one(session, item, now=now, dedupe_key=dedupe_key)
        return added

    async def enqueue_one(
        self,
        session: AsyncSession,
        item: Outbound,
        *,
        now: datetime,
        dedupe_key: str | None = None,
    ) -> bool:
        """Render `item` in its recipient's language and queue it; False if `dedupe_key` was."""
        to = item.to
        if isinstance(to, ToGroup):
            text = self.renderer.render(item.template, item.context, to.lang)
            kind, chat_id, mentions = ChatKind.GROUP, to.chat_id, to.mention_ids
        else:
            lang = to.lang or await self._language_of(session, to.contact_id)
            text = self.renderer.render(item.template, item.context, lang)
            kind, chat_id, mentions = ChatKind.DIRECT, to.contact_id, ()
        return await enqueue(
            session,
            chat_kind=kind.value,
            chat_id=chat_id,
            text=text,
            mention_ids=mentions,
            at=now,
            dedupe_key=dedupe_key,
        )

    async def _language_of(self, session: AsyncSession, contact_id: str) -> str:
        person = await person_of(session, contact_id)
        return person.lang if person is not None else self.default_lang
