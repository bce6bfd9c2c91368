"""The outer middleware and the one error boundary around every handler.

Per message, at most one transaction, begun when something first needs the database
(lazy_session.py): catch up with what others changed (bot/cache), run the routers, record
the inbound with its outcome (a redelivery is found here, and what handling it again did
is rolled back), render the replies into the outbox, commit. So an announcement is stored
together with the event it announces, or neither is. Chatter (no router took it) leaves
its row to the chatter log, written in batches (chatter_log.py).
A handler that raises is logged with the message id, its changes are rolled back, the
inbound is recorded as failed (it is not retried) and the sender gets a polite error; the
next message is handled as usual. When the database itself cannot be used (unreachable,
disk full, read-only: models/outage.py) nothing is recorded: the pipeline raises
`DatabaseUnavailable` and the caller keeps the message for later (bot/journal/).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.bounded import BoundedMap
from bot.cache.lookups import Lookups
from bot.chat import Inbound, MemberJoin
from bot.clock import Clock
from bot.dispatch.callables import NamedCallable
from bot.dispatch.chatter_log import ChatterLog
from bot.dispatch.context import Context
from bot.dispatch.dialogs import find_dialog
from bot.dispatch.dispatcher import Dispatcher
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.lazy_session import LazySession, open_session
from bot.dispatch.outbound import reply
from bot.dispatch.participants import chat_of, find_sender
from bot.privacy import mask_text
from bot.text_limit import TEXT_LIMIT, capped_inbound
from models.changes import touches_no_cached_table
from models.crud.inbound import inbound_row, record_inbound, record_inbound_rows
from models.outage import is_outage

logger = logging.getLogger(__name__)

ERROR_TEMPLATE = "error"


class Outcome(StrEnum):
    HANDLED = "handled"
    IGNORED = "ignored"  # no handler took it: chatter (recorded with outcome None)
    FAILED = "failed"  # a handler raised; its changes were rolled back
    DUPLICATE = "duplicate"  # recorded before: a redelivery, not handled again


class DatabaseUnavailable(Exception):
    """The database cannot be used now: the message was not handled and nothing of it was
    stored; handle it again once the database is back."""


class Pipeline:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        dispatcher: Dispatcher,
        enqueuer: Enqueuer,
        clock: Clock,
        values: Mapping[str, Any] | None = None,
        providers: Mapping[str, NamedCallable] | None = None,
        on_enqueued: Callable[[], None] = lambda: None,
        lock: asyncio.Lock | None = None,
        lookups: Lookups | None = None,
        chatter_log: ChatterLog | None = None,
        text_limit: int = TEXT_LIMIT,
        default_lang: str = "zh",
    ) -> None:
        self._sessions = sessions
        self._text_limit, self._default_lang = text_limit, default_lang
        self._dispatcher = dispatcher
        self._enqueuer = enqueuer
        self._clock = clock
        self.lookups = lookups or Lookups()
        self._values = {"clock": clock, "lookups": self.lookups, **(values or {})}
        self._providers = {
            "session": NamedCallable(open_session),
            "sender": NamedCallable(find_sender),
            "dialog": NamedCallable(find_dialog),
            **(providers or {}),
        }
        self._on_enqueued = on_enqueued
        # One message at a time: a chat's messages are handled in the order they came, and
        # SQLite has a single writer anyway (the app may share this lock with other writers).
        self._lock = lock or asyncio.Lock()
        self._chatter = chatter_log or ChatterLog()
        # Messages handled lately: a transport that reconnects may deliver the last ones
        # again, and a redelivery this process saw is known before any handler runs (the
        # inbound log's unique key catches the others, and their handling is rolled back).
        self._recent: BoundedMap[tuple[str, str], None] = BoundedMap(10_000)

    async def handle(self, inbound: Inbound) -> Outcome:
        inbound = capped_inbound(inbound, self._text_limit, default_lang=self._default_lang)
        async with self._lock:
            try:
                outcome = await self._handle(inbound)
            except Exception as error:
                if is_outage(error):
                    raise DatabaseUnavailable(_reason(error)) from error
                logger.exception("handling message %s failed", _ref(inbound))
                outcome = await self._fail(inbound, error)
            if outcome is not Outcome.DUPLICATE:
                self._recent.put((inbound.platform, inbound.message_id), None)
        if outcome in (Outcome.HANDLED, Outcome.FAILED):
            self._on_enqueued()
        return outcome

    async def handle_join(self, join: MemberJoin) -> Outcome:
        """A join, given to the routers' join handlers (`join` is the event): one
        transaction, the outbox and the error boundary, as for a message."""
        async with self._lock:
            now = self._clock.now()
            transaction = LazySession(self._sessions)
            try:
                values = {**self._values, "join": join, "lazy_session": transaction, "now": now}
                context = Context(values, self._providers)
                outbounds = await self._dispatcher.dispatch_join(context)
                if outbounds:
                    await self._enqueuer.enqueue(await transaction(), outbounds, now=now)
                await transaction.commit()
            except Exception as error:
                await self._roll_back(transaction, [])
                if is_outage(error):
                    raise DatabaseUnavailable(_reason(error)) from error
                logger.exception("handling the join in %s failed", join.chat_id)
                return Outcome.FAILED
        if not outbounds:
            return Outcome.IGNORED
        self._on_enqueued()
        return Outcome.HANDLED

    async def _handle(self, inbound: Inbound) -> Outcome:
        now = self._clock.now()
        if (inbound.platform, inbound.message_id) in self._recent:
            logger.info("message %s was handled before; skipped", _ref(inbound))
            return Outcome.DUPLICATE
        chatter: list[dict[str, Any]] = []  # rows written with this transaction
        transaction = LazySession(self._sessions)
        try:
            await self.lookups.catch_up(transaction, now)
            context = Context(self._context_values(inbound, transaction, now), self._providers)
            handled = await self._dispatcher.dispatch(context)
            if handled is None:  # chatter: no reply, its row joins the next batch
                self._chatter.add(_row(inbound, now))
                if self._chatter.due():
                    chatter = self._chatter.take()
                    await record_inbound_rows(await transaction(), rows=chatter)
                await transaction.commit()
                return Outcome.IGNORED
            session = await transaction()
            chatter = self._chatter.take()
            await record_inbound_rows(session, rows=chatter)
            if not await _record(session, inbound, now, Outcome.HANDLED):
                raise _Redelivered  # what the handlers did is rolled back
            await self._enqueuer.enqueue(session, handled.outbounds, now=now)
            await transaction.commit()
        except _Redelivered:
            await self._roll_back(transaction, chatter)
            logger.info("message %s was handled before; skipped", _ref(inbound))
            return Outcome.DUPLICATE
        except BaseException:
            await self._roll_back(transaction, chatter)
            raise
        logger.debug("message %s handled by %s", _ref(inbound), handled.handler)
        return Outcome.HANDLED

    async def _roll_back(self, transaction: LazySession, chatter: list[dict[str, Any]]) -> None:
        await transaction.roll_back()
        self._chatter.restore(chatter)
        self.lookups.forget()  # answers read from its undone writes are void

    async def write_chatter(self, *, all_waiting: bool = False) -> None:
        """Write the chatter rows that are due (or all that wait); the app asks every
        half second, and for all on stop."""
        async with self._lock:
            if not self._chatter.due() and not (all_waiting and len(self._chatter)):
                return
            chatter = self._chatter.take()
            try:
                async with self._sessions() as session, session.begin():
                    touches_no_cached_table(session.sync_session)
                    await record_inbound_rows(session, rows=chatter)
            except BaseException:
                self._chatter.restore(chatter)
                raise

    def _context_values(
        self, inbound: Inbound, transaction: LazySession, now: datetime
    ) -> dict[str, Any]:
        return {
            **self._values,
            "inbound": inbound,
            "lazy_session": transaction,
            "now": now,
            "chat": chat_of(inbound),
            "mentions": inbound.mentions,
        }

    async def _fail(self, inbound: Inbound, error: Exception) -> Outcome:
        """Record the failure and apologise, in a transaction of its own."""
        now = self._clock.now()
        try:
            async with self._sessions() as session, session.begin():
                if not await _record(session, inbound, now, Outcome.FAILED, repr(error)):
                    return Outcome.DUPLICATE  # another process recorded it meanwhile
                sender = await find_sender(inbound, session)
                context = {"ref": inbound.message_id}
                apology = reply(inbound, ERROR_TEMPLATE, context, lang=sender.lang)
                await self._enqueuer.enqueue_one(session, apology, now=now)
        except Exception as failure:
            if is_outage(failure):  # handled again later; it may well fail again then
                raise DatabaseUnavailable(_reason(failure)) from failure
            logger.exception("could not record the failure of message %s", _ref(inbound))
        return Outcome.FAILED


def _row(
    inbound: Inbound, now: datetime, outcome: Outcome | None = None, error: str | None = None
) -> dict[str, Any]:
    return inbound_row(
        platform=inbound.platform,
        message_id=inbound.message_id,
        chat_id=inbound.chat_id,
        sender_id=inbound.sender_id,
        text=mask_text(inbound.text),  # the log keeps no ID, passport or phone number in clear
        received_at=now,
        outcome=None if outcome is None else outcome.value,
        error=error,
    )


async def _record(
    session: AsyncSession,
    inbound: Inbound,
    now: datetime,
    outcome: Outcome,
    error: str | None = None,
) -> bool:
    return await record_inbound(session, row=_row(inbound, now, outcome, error))


class _Redelivered(Exception):
    """The message was recorded before: roll back what handling it again did."""


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".splitlines()[0][:300]


def _ref(inbound: Inbound) -> str:
    return f"{inbound.platform}:{inbound.message_id}"
