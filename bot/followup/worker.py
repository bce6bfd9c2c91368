"""The follow-up worker: sleeps until the earliest due time, then carries out what is due.

worker = FollowupWorker.from_settings(settings, sessions=..., clock=..., renderer=...)
await worker.start()       # a background task; `wake()` after storing a new event
next_at = await worker.tick()   # tests: one pass at the clock's time, no sleeping
await worker.stop()

Due times live in the database (Event.next_action_at, indexed), so a restart loses
nothing. Each batch is claimed and handled in one short transaction (see claim.py).
Another process may add events without waking this one, so the sleep is capped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.background import Background
from bot.clock import Clock
from bot.config.settings import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.followup.claim import Batch, process_due
from bot.followup.digest_plan import DigestPlan
from bot.followup.digests import send_digests
from bot.followup.hooks import TickHook, intake_hooks
from bot.followup.specs import FollowupRules
from bot.followup.worker_options import TickReport, WorkerOptions
from bot.render import Renderer
from models.crud.event_queries import next_event_action_at
from models.outage import is_outage

logger = logging.getLogger(__name__)

__all__ = ["FollowupWorker", "TickReport", "WorkerOptions"]


class FollowupWorker:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        rules: FollowupRules,
        mailer: Enqueuer,
        digests: DigestPlan | None = None,
        on_enqueued: Callable[[], None] = lambda: None,
        options: WorkerOptions | None = None,
        hooks: Sequence[TickHook] = (),
        writer: asyncio.Lock | None = None,
    ) -> None:
        # `writer`: on SQLite the pipeline's lock, as for the outbox sender. Without it a
        # pass that read before another connection committed fails its write at once
        # ("database is locked"; the busy timeout cannot help a stale read snapshot).
        self._writer = writer
        self._sessions = sessions
        self._clock = clock
        self.rules = rules
        self._mailer = mailer
        self._plan = digests or DigestPlan(rules.tz)
        self._on_enqueued = on_enqueued
        self.options = options or WorkerOptions()
        self._hooks = tuple(hooks)
        self._next_digest = self._plan.first(clock.now())
        self._wake = asyncio.Event()
        self._loop = Background("followup-worker")
        self.last = TickReport()
        self.passes = 0
        self.idle = asyncio.Event()  # set while sleeping between passes (tests wait for it)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        renderer: Renderer,
        on_enqueued: Callable[[], None] = lambda: None,
        options: WorkerOptions | None = None,
        hooks: Sequence[TickHook] | None = None,
        writer: asyncio.Lock | None = None,
        rules: FollowupRules | None = None,
    ) -> FollowupWorker:
        """`hooks=None` takes the intake's (location questions left unanswered); `rules`
        the app's (built from `settings` when not given)."""
        rules = rules or FollowupRules.from_settings(settings.followup, settings.timezone)
        return cls(
            sessions=sessions,
            clock=clock,
            rules=rules,
            mailer=Enqueuer(
                renderer,
                default_lang=settings.bot.language,
                accounts=settings.chat_accounts,
            ),
            on_enqueued=on_enqueued,
            options=options,
            hooks=intake_hooks(settings, rules) if hooks is None else hooks,
            writer=writer,
        )

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        return self._writer if self._writer is not None else contextlib.nullcontext()

    def wake(self) -> None:
        """Something was stored that may be due sooner than the worker thinks: look now."""
        self._wake.set()

    async def tick(self) -> datetime:
        """Everything due at the clock's time, in batches; returns when to look again."""
        now = self._clock.now()
        queued = await self._run_hooks(now)
        claimed = acted = 0
        while True:
            try:
                batch = await self._batch(now, careful=False)
            except Exception as error:
                if is_outage(error):
                    raise
                logger.warning("a follow-up batch failed (%s); each event on its own", error)
                batch = await self._batch(now, careful=True)
            claimed, acted = claimed + batch.claimed, acted + batch.acted
            queued += batch.queued
            if batch.claimed < self.options.batch:
                break
        digests = await self._send_digests(now) if now >= self._next_digest else 0
        self.last = TickReport(claimed, acted, queued, digests)
        self.passes += 1
        if queued or digests:
            self._on_enqueued()
        return await self._next_wake(now)

    async def _batch(self, now: datetime, *, careful: bool) -> Batch:
        async with self._writing(), self._sessions() as session, session.begin():
            return await process_due(
                session,
                now=now,
                rules=self.rules,
                mailer=self._mailer,
                limit=self.options.batch,
                careful=careful,
            )

    async def _run_hooks(self, now: datetime) -> int:
        queued = 0
        for hook in self._hooks:
            try:
                async with self._writing(), self._sessions() as session, session.begin():
                    outbounds = await hook(session, now)
                    queued += await self._mailer.enqueue(session, outbounds, now=now, key=None)
            except Exception:  # another timer's failure must not stop the reminders
                logger.exception("follow-up hook %s failed", getattr(hook, "__name__", hook))
        return queued

    async def _send_digests(self, now: datetime) -> int:
        day = self._plan.day_of(self._next_digest)
        try:
            async with self._writing(), self._sessions() as session, session.begin():
                queued = await send_digests(
                    session, now=now, day=day, weekly=self._plan.is_weekly(day), mailer=self._mailer
                )
        except Exception:  # tried again on the next pass; the outbox keys prevent repeats
            logger.exception("the digests of %s failed", day)
            return 0
        self._next_digest = self._plan.after(now)
        return queued

    async def _next_wake(self, now: datetime) -> datetime:
        async with self._sessions() as session:
            due = await next_event_action_at(session)
        candidates = [now + self.options.max_sleep, self._next_digest]
        return min([*candidates, *([due] if due is not None else [])])

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                wake_at = await self.tick()
            except Exception:
                logger.exception("follow-up pass failed")
                wake_at = self._clock.now() + self.options.retry
            delay = max(0.0, (wake_at - self._clock.now()).total_seconds())
            self.idle.set()
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that
            # arrives as the wake-up does, and stop() would then wait forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()
                self.idle.clear()
                await asyncio.sleep(self.options.wake_linger.total_seconds())
            self.idle.clear()

    async def start(self) -> None:
        self._loop.start(self.run)

    async def stop(self) -> None:
        await self._loop.stop()
