"""Outbound data → rendered text → a pending outbox row, in the handler's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.accounts import Accounts
from bot.chat import ChatKind
from bot.dispatch.outbound import Outbound, ToGroup
from bot.dispatch.participants import person_of
from bot.render import Renderer
from models.crud.outbox import enqueue
from models.crud.outbox_batch import Message, enqueue_all


class Enqueuer:
    """Renders each outbound in its recipient's language into the durable outbox."""

    def __init__(
        self, renderer: Renderer, *, default_lang: str = "zh", accounts: Accounts | None = None
    ) -> None:
        self.renderer = renderer
        self.default_lang = default_lang
        # Each row's account, from its chat id (bot/accounts.py): the one it goes out on.
        self.accounts = accounts or Accounts()

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
        # One statement for all of them: a report answers the group and tells one or two.
        return await enqueue_all(session, await self.rendered(session, outbounds, key), at=now)

    async def rendered(
        self, session: AsyncSession, outbounds: Iterable[Outbound], key: str | None = None
    ) -> list[Message]:
        """The messages `enqueue` would queue, to be queued with others (`enqueue_all`)."""
        messages = []
        for index, item in enumerate(outbounds):
            dedupe_key = None if key is None else f"{key}:{index}"
            messages.append(await self._render(session, item, dedupe_key))
        return messages

    async def enqueue_one(
        self,
        session: AsyncSession,
        item: Outbound,
        *,
        now: datetime,
        dedupe_key: str | None = None,
    ) -> bool:
        """Render `item` in its recipient's language and queue it; False if `dedupe_key` was."""
        message = await self._render(session, item, dedupe_key)
        return await enqueue(
            session,
            chat_kind=message.chat_kind,
            chat_id=message.chat_id,
            text=message.text,
            mention_ids=message.mention_ids,
            account=message.account,
            at=now,
            dedupe_key=dedupe_key,
            secret=message.secret,
        )

    async def _render(
        self, session: AsyncSession, item: Outbound, dedupe_key: str | None
    ) -> Message:
        to = item.to
        if isinstance(to, ToGroup):
            text = self.renderer.render(item.template, item.context, to.lang)
            return Message(
                ChatKind.GROUP.value,
                to.chat_id,
                text,
                to.mention_ids,
                dedupe_key,
                item.secret,
                self.accounts.account_of(to.chat_id),
            )
        lang = to.lang or await self._language_of(session, to.contact_id)
        text = self.renderer.render(item.template, item.context, lang)
        account = self.accounts.account_of(to.contact_id)
        return Message(
            ChatKind.DIRECT.value, to.contact_id, text, (), dedupe_key, item.secret, account
        )

    async def _language_of(self, session: AsyncSession, contact_id: str) -> str:
        person = await person_of(session, contact_id)
        return person.lang if person is not None else self.default_lang
