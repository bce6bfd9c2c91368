"""Follow-up messages into the outbox, each under a key so a repeated step queues nothing.

The dispatcher's Enqueuer has no dedupe key (a handled inbound is recorded once anyway);
a timer step may be attempted again after a crash or by a second process, so it needs one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.outbound import Outbound, ToGroup
from bot.render import Renderer
from bot.transport.base import ChatKind
from models.crud.outbox import enqueue
from models.crud.people import person_by_contact


class Mailer:
    def __init__(self, renderer: Renderer, *, default_lang: str = "zh") -> None:
        self.renderer = renderer
        self.default_lang = default_lang

    async def put(
        self,
        session: AsyncSession,
        outbounds: Sequence[Outbound],
        *,
        now: datetime,
        key: str | None,
    ) -> int:
        """Queue `outbounds` as `key:0`, `key:1`, ... (None: no key); returns how many were new."""
        added = 0
        for index, item in enumerate(outbounds):
            to = item.to
            if isinstance(to, ToGroup):
                lang, kind, chat_id, mentions = to.lang, ChatKind.GROUP, to.chat_id, to.mention_ids
            else:
                lang = to.lang or await self._language_of(session, to.contact_id)
                kind, chat_id, mentions = ChatKind.DIRECT, to.contact_id, ()
            text = self.renderer.render(item.template, item.context, lang)
            added += await enqueue(
                session,
                chat_kind=kind.value,
                chat_id=chat_id,
                text=text,
                at=now,
                mention_ids=mentions,
                dedupe_key=None if key is None else f"{key}:{index}",
            )
        return added

    async def _language_of(self, session: AsyncSession, contact_id: str) -> str:
        person = await person_by_contact(session, contact_id=contact_id)
        return person.lang if person is not None else self.default_lang
