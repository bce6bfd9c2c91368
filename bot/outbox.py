"""The outbox sender: delivers queued messages through the transport, in order, with retry.

A background task: it wakes when rows are queued (`notify`), when a retry or a group's rate
limit comes due, when rows of a dead process were released (bot/liveness.py), and on start
(so a restart resumes what was pending). Messages are claimed in short transactions (see
bot/outbox_claim.py), each under this process's id, sent, and each marked sent as soon as
the transport accepted it. A failed send is retried with exponential backoff and holds
back later messages to the same chat. A group that has had its fill of messages waits;
what queued up meanwhile goes out as one message.

What a crash may re-send: the one message between the transport's accept and its mark
(a group at its last slot carries up to `merge_max` rows in that one message); `unrecorded`
measures that window. A process that dies stops its heartbeat, and within `dead_after`
(3 s) another process makes its claimed rows due again: nothing waits for the 5-minute
lease. Two senders never send a row twice while both run (the claim skips rows another
is claiming and leases what it takes; a sender whose heartbeat is late stops sending
before the others may take its rows).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Delivery, NotConnected, Transport, TransportError
from bot.clock import Clock
from bot.liveness import Liveness
from bot.outbox_claim import Claimed, claim_followers, claim_heads, next_head_due
from bot.rate_limit import RateLimit, RateLimiter
from models.changes import touches_no_cached_table
from models.crud.outbox import give_back, mark_all_sent, record_failures

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxPolicy:
    group_rate: RateLimit = field(default_factory=RateLimit)
    first_retry: timedelta = timedelta(seconds=2)
    max_retry: timedelta = timedelta(minutes=5)
    give_up_after: int | None = None  # attempts; None: never drop a message
    # A claimed row is hidden from other processes for `lease`: it must outlast sending a
    # whole claim (claim_batch x send_timeout), or another process may send it too.
    lease: timedelta = timedelta(minutes=5)
    send_timeout: timedelta = timedelta(seconds=10)
    claim_batch: int = 20
    merge_max: int = 10  # messages merged into one when a group is at its limit
    poll: timedelta = timedelta(seconds=5)  # for rows another process may hold
    # After waking, wait this long so one pass sends what a burst of messages queued: a
    # pass costs two transactions whatever it sends. People do not notice 50 ms; on PostgreSQL
    # 10 ms made a pass per report, 0.2 ms of CPU per message more (make bench-e2e).
    linger: timedelta = timedelta(milliseconds=50)
    # While the transport is not connected, look again this often (nothing is counted).
    reconnect_poll: timedelta = timedelta(seconds=2)

    def retry_in(self, attempts: int) -> timedelta | None:
        if self.give_up_after is not None and attempts >= self.give_up_after:
            return None
        doublings = min(max(0, attempts - 1), 30)
        return min(self.max_retry, self.first_retry * (1 << doublings))


class OutboxSender:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        transport: Transport,
        clock: Clock,
        policy: OutboxPolicy | None = None,
        writer: asyncio.Lock | None = None,
        liveness: Liveness | None = None,
    ) -> None:
        """`writer`: held around each transaction of the sender (never around a send). On
        SQLite the app passes the pipeline's lock: the two then take turns instead of
        meeting at SQLite's single write lock, whose busy handler sleeps in steps of
        milliseconds. `liveness`: this process's heartbeat (bot/liveness.py): claims carry
        its id, and nothing is sent while its heartbeat is about to be taken as stopped."""
        self._sessions = sessions
        self._transport = transport
        self._clock = clock
        self.policy = policy or OutboxPolicy()
        self._limiter = RateLimiter(self.policy.group_rate)
        self._wake = asyncio.Event()
        self._pass = asyncio.Lock()
        self._writer = writer
        self._liveness = liveness
        self._unmarked: list[int] = []  # sent, not yet recorded (the database was away)
        self.unrecorded = Window()  # seconds from the transport's accept to the commit

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        return self._writer if self._writer is not None else contextlib.nullcontext()

    def _session(self) -> AsyncSession:
        """A session for the outbox alone: its commits do not make the caches read the
        change log (models/changes.py)."""
        session = self._sessions()
        touches_no_cached_table(session.sync_session)
        return session

    def notify(self) -> None:
        """New rows were committed: look at once."""
        self._wake.set()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                wake_at = await self.deliver_due()
            except Exception:  # the database is away: keep the task alive and look again
                logger.exception("outbox pass failed")
                wake_at = self._clock.now() + self.policy.poll
            await self._sleep_until(wake_at)
            await asyncio.sleep(self.policy.linger.total_seconds())

    async def _sleep_until(self, moment: datetime | None) -> None:
        delay = None if moment is None else (moment - self._clock.now()).total_seconds()
        # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that arrives
        # as the wake-up does, and the app's stop() would then wait forever.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(None if delay is None else max(0.0, delay)):
                await self._wake.wait()

    async def deliver_due(self) -> datetime | None:
        """Send everything due now; return when to look again (None: only when notified).

        Each message is recorded as sent as soon as the transport accepted it, before the
        next one goes out (one statement, committed on its own): a crash can re-send only
        the message between those two. When no row sent in a round had a row queued
        behind it (and the claim was not full), the next round asks when the next head is
        due before claiming: usually nothing is, and that one statement ends the pass.
        """
        async with self._pass:
            waiting: dict[str, datetime] = {}  # chats left for later in this pass
            busy = True  # worth claiming before asking when the next head is due
            while True:
                now = self._clock.now()
                waiting.update(self._limiter.full(now))
                batches, due = await self._claim(now, waiting, look_first=not busy)
                if not batches:
                    return self._next_wake(waiting, due)
                busy = len(batches) == self.policy.claim_batch
                away: set[str] = set()  # accounts found not connected in this round
                for index, batch in enumerate(batches):
                    if batch[0].account in away:
                        continue
                    if self._liveness is not None and not await self._liveness.fresh_now():
                        # The others are about to take this process's rows over.
                        left = [b for b in batches[index:] if b[0].account not in away]
                        return await self._not_connected(left, _Stale())
                    try:
                        retry_at = await self._send(batch, now)
                        if retry_at is None:
                            await self._record_sent(batch)
                    except NotConnected as error:
                        rest = [b for b in batches[index:] if b[0].account not in away]
                        down = [b for b in rest if b[0].account == batch[0].account]
                        if len(down) == len(rest):  # no other account's message waits
                            return await self._not_connected(rest, error)
                        # One account away (its WeCom connection drops) holds back no
                        # other: its rows are given back, the others' sent on.
                        retry_at = await self._not_connected(down, error)
                        away.add(batch[0].account)
                        waiting.update((b[0].chat_id, retry_at) for b in down)
                        continue
                    except asyncio.CancelledError:
                        left = [b for b in batches[index:] if b[0].account not in away]
                        await asyncio.shield(self._release(left))
                        raise
                    if retry_at is None:
                        busy = busy or batch[-1].behind
                    else:
                        waiting[batch[0].chat_id] = retry_at

    async def _record_sent(self, batch: Sequence[Claimed]) -> None:
        """Mark the batch sent now, in one statement on a connection of its own (no
        transaction around it: one round trip). If that fails (the database is away), the
        rows are marked with the next claim, or when the sender stops."""
        accepted = time.perf_counter()
        self._unmarked.extend(row.id for row in batch)
        try:
            async with self._writing(), self._session() as session:
                await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                await mark_all_sent(session, outbox_ids=self._unmarked, at=self._clock.now())
        except Exception:
            logger.warning("could not record outbox %s as sent yet", batch[0].id, exc_info=True)
            return
        self._unmarked.clear()
        self.unrecorded.add(time.perf_counter() - accepted)

    async def _release(self, batches: Sequence[Sequence[Claimed]]) -> None:
        """Stopped mid-pass (the app is stopping): what went out is marked sent; what this
        pass claimed and did not send is due again at once, or the next start would wait
        for the lease to run out."""
        sent = set(self._unmarked)
        async with self._writing(), self._session() as session, session.begin():
            await mark_all_sent(session, outbox_ids=self._unmarked, at=self._clock.now())
            self._unmarked.clear()
            now = self._clock.now()
            unsent = [(r.id, now) for batch in batches for r in batch if r.id not in sent]
            await record_failures(session, failures=unsent, error="stopped while sending")

    async def _not_connected(
        self, batches: Sequence[Sequence[Claimed]], error: Exception
    ) -> datetime:
        """The transport is away (or this process is about to be taken for dead): the rest
        is given back as it was, and the pass looks again after `reconnect_poll`."""
        logger.warning("outbox waits for the transport: %s", error)
        retry_at = self._clock.now() + self.policy.reconnect_poll
        unsent = [row.id for batch in batches for row in batch]
        async with self._writing(), self._session() as session, session.begin():
            await mark_all_sent(session, outbox_ids=self._unmarked, at=self._clock.now())
            self._unmarked.clear()
            await give_back(session, outbox_ids=unsent, retry_at=retry_at, error=repr(error))
        return retry_at

    async def _claim(
        self, now: datetime, waiting: dict[str, datetime], *, look_first: bool
    ) -> tuple[list[list[Claimed]], datetime | None]:
        """Mark what is still unmarked, then claim the due heads; with none, when the next
        one is due.

        `look_first`: ask when the next head is due before claiming, and claim only if one
        is due now (a claim would find nothing otherwise)."""
        policy = self.policy
        owner = None if self._liveness is None else self._liveness.process_id
        async with self._writing(), self._session() as session, session.begin():
            await mark_all_sent(session, outbox_ids=self._unmarked, at=self._clock.now())
            self._unmarked.clear()
            due = await next_head_due(session, skip_chats=waiting) if look_first else None
            if look_first and (due is None or due > now):
                return [], due
            heads = await claim_heads(
                session,
                now=now,
                lease=policy.lease,
                limit=policy.claim_batch,
                skip_chats=waiting,
                owner=owner,
            )
            if not heads:  # due but not claimed: another process holds it (see _next_wake)
                return [], due if look_first else await next_head_due(session, skip_chats=waiting)
            batches = []
            for head in heads:
                last_slot = self._limiter.remaining(head.chat_id, now) == 1
                if head.chat_kind == ChatKind.GROUP and last_slot:
                    limit = policy.merge_max - 1
                    rest = await claim_followers(
                        session, head=head, now=now, lease=policy.lease, limit=limit, owner=owner
                    )
                    batches.append([head, *rest])
                else:
                    batches.append([head])
        return batches, None

    async def _send(self, batch: Sequence[Claimed], now: datetime) -> datetime | None:
        """Deliver one batch; None when it went out, else when its chat may be tried again."""
        head = batch[0]
        try:
            async with asyncio.timeout(self.policy.send_timeout.total_seconds()):
                await self._transport.send(_delivery(batch))
        except NotConnected:
            raise
        except Exception as error:
            return await self._failed(batch, error)
        if head.chat_kind == ChatKind.GROUP:
            self._limiter.record(head.chat_id, now)
        return None

    async def _failed(self, batch: Sequence[Claimed], error: Exception) -> datetime:
        if isinstance(error, TransportError | TimeoutError):
            logger.warning("sending outbox #%s failed: %s", batch[0].id, error or "timeout")
        else:
            logger.exception("the transport broke sending outbox #%s", batch[0].id)
        now = self._clock.now()
        failures: list[tuple[int, datetime | None]] = []
        for row in batch:
            delay = self.policy.retry_in(row.attempts)
            if delay is None:
                logger.error("giving up on outbox #%s after %s attempts", row.id, row.attempts)
            failures.append((row.id, None if delay is None else now + delay))
        async with self._writing(), self._session() as session, session.begin():
            await record_failures(session, failures=failures, error=repr(error))
        # A head given up on no longer holds its chat back.
        return max(at or now for _, at in failures)

    def _next_wake(self, waiting: dict[str, datetime], due: datetime | None) -> datetime | None:
        """The earliest of: a waiting chat's turn, another chat's next due message."""
        now = self._clock.now()
        if due is not None and due <= now:  # due yet not claimed: another process holds it
            due = now + self.policy.poll
        return min([*waiting.values(), *([due] if due else [])], default=None)


def _delivery(batch: Sequence[Claimed]) -> Delivery:
    head = batch[0]
    mentions = dict.fromkeys(m for row in batch for m in row.mention_ids)
    text = "\n\n".join(row.text for row in batch)
    return Delivery(ChatKind(head.chat_kind), head.chat_id, text, tuple(mentions))


class _Stale(Exception):
    def __str__(self) -> str:
        return "this process's heartbeat is late; its rows go to the others"


@dataclass(slots=True)
class Window:
    """How long sent messages waited to be recorded as sent: a crash in that window sends
    them again (`make bench-e2e` prints it)."""

    count: int = 0
    total: float = 0.0
    longest: float = 0.0

    def add(self, seconds: float) -> None:
        self.count += 1
        self.total += seconds
        self.longest = max(self.longest, seconds)

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0
