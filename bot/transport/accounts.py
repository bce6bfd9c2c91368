"""Several chat accounts as one transport: what the app runs when `[[accounts]]` names more
than one (bot/accounts.py has the id rule).

`AccountTransport` shows one account's transport with stored ids: it puts the account in
front of every id coming in (and on the event's `account`), and takes it off every id going
out, so no channel package knows about accounts. `AccountTransports` starts and stops them
together and sends each delivery through the account its chat id names: the outbox, the
holding replies and everything else that sends keep one `Transport`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from bot.accounts import Accounts
from bot.chat import (
    Channel,
    Delivery,
    Feed,
    Inbound,
    LogsIn,
    MediaRef,
    MemberJoin,
    MentionStyle,
    Transport,
    TransportError,
)


class AccountTransport:
    """One account's transport, its ids as GridBot stores them."""

    def __init__(self, name: str, transport: Transport, accounts: Accounts) -> None:
        self.name = name
        self.inner = transport
        self.platform = transport.platform
        self._accounts = accounts

    @property
    def mention_style(self) -> MentionStyle:
        return self.inner.mention_style

    @property
    def bot_id(self) -> str | None:
        native = self.inner.bot_id
        return None if native is None else self._stored(native)

    @property
    def logged_in(self) -> bool:
        return self.inner.logged_in if isinstance(self.inner, LogsIn) else True

    async def start(self, feed: Feed) -> None:
        async def inward(event: Inbound | MemberJoin) -> None:
            await feed(self.inward(event))

        await self.inner.start(inward)

    async def stop(self) -> None:
        await self.inner.stop()

    async def send(self, delivery: Delivery) -> None:
        await self.inner.send(self.outward(delivery))

    def inward(self, event: Inbound | MemberJoin) -> Inbound | MemberJoin:
        stored = self._stored
        if isinstance(event, MemberJoin):
            return dataclasses.replace(
                event,
                chat_id=stored(event.chat_id),
                member_ids=tuple(map(stored, event.member_ids)),
                account=self.name,
            )
        quoted = event.quoted_message_id
        return dataclasses.replace(
            event,
            message_id=stored(event.message_id),
            chat_id=stored(event.chat_id),
            sender_id=stored(event.sender_id),
            mentions=tuple(map(stored, event.mentions)),
            quoted_message_id=None if quoted is None else stored(quoted),
            media=tuple(dataclasses.replace(m, key=stored(m.key)) for m in event.media),
            account=self.name,
        )

    async def fetch_media(self, media: MediaRef, *, limit: int) -> bytes:
        native = dataclasses.replace(media, key=self._accounts.native(media.key))
        return await self.inner.fetch_media(native, limit=limit)

    def outward(self, delivery: Delivery) -> Delivery:
        native = self._accounts.native
        return dataclasses.replace(
            delivery,
            chat_id=native(delivery.chat_id),
            mention_ids=tuple(map(native, delivery.mention_ids)),
        )

    def _stored(self, native_id: str) -> str:
        return self._accounts.stored(self.name, native_id)


class AccountTransports:
    """The accounts' transports as one: start, stop and send (by chat id) for all of them.

    Handlers see each account's own mention style and bot id: the app gives them
    `channel(inbound.account)` (bot/app.py), never this object's, which are the default
    account's."""

    platform = "accounts"

    def __init__(self, transports: Mapping[str, Transport]) -> None:
        if not transports:
            raise ValueError("no accounts to serve")
        self.accounts = Accounts.of(transports)
        self.by_name: dict[str, AccountTransport] = {
            name: AccountTransport(name, transport, self.accounts)
            for name, transport in transports.items()
        }
        self._started: list[AccountTransport] = []

    def channel(self, account: str) -> Channel:
        return self.by_name.get(account) or self.by_name[self.accounts.default]

    @property
    def mention_style(self) -> MentionStyle:
        return self.channel(self.accounts.default).mention_style

    @property
    def bot_id(self) -> str | None:
        return self.channel(self.accounts.default).bot_id

    @property
    def logged_in(self) -> bool:
        """Every account is (readiness: one away is a channel people cannot reach)."""
        return all(account.logged_in for account in self.by_name.values())

    def not_logged_in(self) -> list[str]:
        return [name for name, account in self.by_name.items() if not account.logged_in]

    async def start(self, feed: Feed) -> None:
        """Start each account in config order; if one cannot, stop those started."""
        for account in self.by_name.values():
            try:
                await account.start(feed)
            except BaseException:
                await self.stop()
                raise
            self._started.append(account)

    async def stop(self) -> None:
        started, self._started = self._started, []
        for account in reversed(started):
            await account.stop()

    async def fetch_media(self, media: MediaRef, *, limit: int) -> bytes:
        """Through the account the message came in on: its key carries it, as ids do."""
        account = self.by_name.get(self.accounts.account_of(media.key))
        if account is None:
            raise TransportError(f"no account for the media {media.key}")
        return await account.fetch_media(media, limit=limit)

    async def send(self, delivery: Delivery) -> None:
        name = self.accounts.account_of(delivery.chat_id)
        account = self.by_name.get(name)
        if account is None:  # Accounts.account_of only names configured accounts
            raise TransportError(f"no account {name!r} for chat {delivery.chat_id}")
        await account.send(delivery)
