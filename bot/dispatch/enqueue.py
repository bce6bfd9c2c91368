"""Outbound data → rendered text → a pending outbox row, in the handler's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.accounts import Accounts
from bot.chat import ChatKind
from bot.dispatch.outbound import Outbound, ToGroup
from bot.dispatch.participants import person_of
from bot.followup.quiet import QuietHours
from bot.render import Renderer
from models.crud.outbox import enqueue
from models.crud.outbox_batch import Message, enqueue_all


class Enqueuer:
    """Renders each outbound in its recipient's language into the durable outbox.

    An outbound marked `hold` that is queued in the quiet hours (`quiet`) waits in the
    outbox until they end; it does not hold back what is queued after it for its chat."""

    def __init__(
        self,
        renderer: Renderer,
        *,
        default_lang: str = "zh",
        accounts: Accounts | None = None,
        quiet: QuietHours | None = None,
    ) -> None:
        self.renderer = renderer
        self.default_lang = default_lang
        # Each row's account, from its chat id (bot/accounts.py): the one it goes out on.
        self.accounts = accounts or Accounts()
        self.quiet = quiet

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
        messages = await self.rendered(session, outbounds, key, now=now)
        return await enqueue_all(session, messages, at=now)

    async def rendered(
        self,
        session: AsyncSession,
        outbounds: Iterable[Outbound],
        key: str | None = None,
        *,
        now: datetime | None = None,
    ) -> list[Message]:
        """The messages `enqueue` would queue, to be queued with others (`enqueue_all`);
        with `now`, those marked `hold` are held if it falls in the quiet hours."""
        messages = []
        for index, item in enumerate(outbounds):
            dedupe_key = None if key is None else f"{key}:{index}"
            message = await self._render(session, item, dedupe_key)
            held = self.held_until(item, now) if now is not None else None
            messages.append(message if held is None else replace(message, held_until=held))
        return messages

    def held_until(self, item: Outbound, now: datetime) -> datetime | None:
        """When a held message may go: the end of the quiet hours `now` is in; None: now."""
        if not item.hold or self.quiet is None or not self.quiet.contains(now):
            return None
        return self.quiet.next_send_time(now)

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
        held = self.held_until(item, now)
        return await enqueue(
            session,
            chat_kind=message.chat_kind,
            chat_id=message.chat_id,
            text=message.text,
            mention_ids=message.mention_ids,
            account=message.account,
            at=held or now,
            dedupe_key=dedupe_key,
            secret=message.secret,
            hold=held is not None,
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
