"""The notice sender: moves planned deliveries into the outbox at each account's pace.

A background worker beside the outbox sender. At each turn of an account (at most
`[sending] max_per_minute`, each gap a little longer at random) it takes the account's
next due delivery (urgent first; in quiet hours only urgent ones), renders it, queues it
in the outbox with a dedupe key and marks it queued, in one transaction that holds the
account's pace row: a restart neither repeats a group (the delivery is marked with its
row) nor skips one (what is not marked is still planned). The next turn waits until the
last paced message has left the outbox, so a backlog (a transport that was away) never
leaves as a burst. It also plans the one reminder of each landlord who has not answered
a notice by `[notices] remind_after` working hours after it reached their group.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.background import Background
from bot.chat import ChatKind
from bot.clock import Clock
from bot.config.notices import NoticesSettings, SendingSettings
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.outbound import Outbound, Recipient, ToGroup, ToPerson
from bot.followup.policy import WorkingTime
from bot.followup.quiet import QuietHours
from bot.notices.context import thawed
from models.crud.notice_sending import (
    cancel_delivery,
    due_reminders,
    houses_answered,
    mark_queued,
    next_delivery,
    next_due,
    next_reminder_at,
    outbox_id_of,
    planned_accounts,
    set_pace,
    take_turn,
)
from models.crud.notices import PlannedDelivery, add_deliveries
from models.notice import Notice, NoticeDelivery

logger = logging.getLogger(__name__)

REMINDER = "notice_reminder"  # the template of the one reminder to a landlord
OUTBOX_POLL = timedelta(seconds=1)  # while the last paced message is still in the outbox
MAX_SLEEP = timedelta(minutes=10)
RETRY = timedelta(seconds=30)
WAKE_LINGER = timedelta(milliseconds=500)


@dataclass(frozen=True, slots=True)
class Step:
    """What one turn of an account did."""

    queued: NoticeDelivery | None = None
    wake_at: datetime | None = None


@dataclass
class NoticeSender:
    sessions: async_sessionmaker[AsyncSession]
    enqueuer: Enqueuer
    clock: Clock
    sending: SendingSettings
    notices: NoticesSettings
    quiet: QuietHours
    working: WorkingTime
    notify: Callable[[], None] = field(default=lambda: None)
    writer: asyncio.Lock | None = None
    random: random.Random = field(default_factory=random.Random)
    passes: int = field(default=0, init=False)
    _wake: asyncio.Event = field(default_factory=asyncio.Event, init=False, repr=False)
    _loop: Background = field(
        default_factory=lambda: Background("notice-sender"), init=False, repr=False
    )

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        return self.writer if self.writer is not None else contextlib.nullcontext()

    def wake(self) -> None:
        """A notice was confirmed (or a receipt came): look now."""
        self._wake.set()

    def gap(self) -> timedelta:
        """The wait before an account's next paced message: never shorter than the rate
        allows, up to `jitter` of it longer, so the sends do not tick like a machine."""
        return self.sending.interval * (1 + self.random.uniform(0, self.sending.jitter))

    async def tick(self) -> datetime:
        """Plan the reminders due, then give each account with work its turn; when to look
        again."""
        now = self.clock.now()
        wakes = [now + MAX_SLEEP]
        async with self.sessions() as session:
            reminder = await next_reminder_at(session)
        if reminder is not None and reminder <= now:
            await self._plan_reminders(now)
            async with self.sessions() as session:
                reminder = await next_reminder_at(session)
        async with self.sessions() as session:
            accounts = await planned_accounts(session)
        if reminder is not None:
            wakes.append(reminder)
        queued = False
        for account in accounts:  # none planned: nothing to pace (an idle look reads only)
            step = await self.turn(account, now)
            queued = queued or step.queued is not None
            if step.wake_at is not None:
                wakes.append(step.wake_at)
        self.passes += 1
        if queued:
            self.notify()
        return max(now, min(wakes))

    async def turn(self, account: str, now: datetime) -> Step:
        """One paced message of `account` if its turn has come and one is due."""
        async with self._writing(), self.sessions() as session, session.begin():
            turn = await take_turn(session, account=account, now=now)
            if not turn.free:
                return Step(wake_at=max(turn.next_at, now + OUTBOX_POLL))
            quiet = self.quiet.contains(now)
            while True:
                found = await next_delivery(session, account=account, now=now, urgent_only=quiet)
                if found is None:
                    return Step(wake_at=await self._next_work(session, account, now, quiet))
                delivery, notice = found
                if delivery.template == REMINDER and await houses_answered(
                    session, notice_id=notice.id or 0, houses=delivery.houses
                ):
                    await cancel_delivery(session, delivery_id=delivery.id or 0)
                    continue  # they answered meanwhile: nothing to remind
                break
            key = f"notice:{delivery.id}"
            await self.enqueuer.enqueue_one(
                session, _outbound(notice, delivery), now=now, dedupe_key=key
            )
            outbox_id = await outbox_id_of(session, dedupe_key=key)
            remind = delivery.template != REMINDER and notice.sender_id is not None
            remind_at = self.working.add(now, self.notices.remind_after) if remind else None
            await mark_queued(
                session, delivery=delivery, outbox_id=outbox_id, now=now, remind_at=remind_at
            )
            next_at = now + self.gap()
            await set_pace(session, account=account, next_at=next_at, outbox_id=outbox_id)
        return Step(queued=delivery, wake_at=next_at)

    async def _next_work(
        self, session: AsyncSession, account: str, now: datetime, quiet: bool
    ) -> datetime | None:
        """When the account next has something to send: its next due delivery; in quiet
        hours the next urgent one, or the end of the quiet hours."""
        if not quiet:
            return await next_due(session, account=account, urgent_only=False)
        urgent = await next_due(session, account=account, urgent_only=True)
        later = await next_due(session, account=account, urgent_only=False)
        ends = self.quiet.next_send_time(now) if later is not None else None
        return min([at for at in (urgent, ends) if at is not None], default=None)

    async def _plan_reminders(self, now: datetime) -> None:
        """Each landlord without a receipt at the reminder time: one direct reminder,
        planned like any delivery (paced, outside quiet hours unless urgent)."""
        async with self._writing(), self.sessions() as session, session.begin():
            due = await due_reminders(session, now=now, limit=500)
            for item in due:
                planned = PlannedDelivery(
                    ChatKind.DIRECT.value,
                    item.leader_contact,
                    REMINDER,
                    lang="",  # the landlord's own language, looked up when it is sent
                    context={"houses": item.house_names},
                    houses=item.houses,
                )
                await add_deliveries(
                    session,
                    notice_id=item.notice_id,
                    urgent=item.urgent,
                    deliveries=[planned],
                    due_at=now,
                )

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                wake_at = await self.tick()
            except Exception:
                logger.exception("notice sender pass failed")
                wake_at = self.clock.now() + RETRY
            delay = max(0.0, (wake_at - self.clock.now()).total_seconds())
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()
                # Woken (the app wakes it after every commit that queued something): one
                # look per burst of messages, not a look per message.
                await asyncio.sleep(WAKE_LINGER.total_seconds())

    async def start(self) -> None:
        self._loop.start(self.run)

    async def stop(self) -> None:
        await self._loop.stop()


def _outbound(notice: Notice, delivery: NoticeDelivery) -> Outbound:
    context = {
        **thawed(notice.context),
        **thawed(delivery.context or {}),
        "number": notice.id,
        "text": notice.text,
        "urgent": notice.urgent,
        "scope": notice.scope_name,
    }
    to: Recipient
    if delivery.chat_kind == ChatKind.GROUP.value:
        to = ToGroup(delivery.chat_id, tuple(delivery.mention_ids or ()), delivery.lang or "zh")
    else:
        to = ToPerson(delivery.chat_id, delivery.lang or None)
    return Outbound(delivery.template, to, context)
