"""The composition root: one place that wires settings, database, routers and transport.

app = build_app(settings, transport=MemoryTransport(), clock=SystemClock())
await app.start()   # transport feeding the dispatcher, outbox sender running
...
await app.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cache.feed import ChangeFeed
from bot.cache.lookups import Lookups
from bot.chat import Channel, Inbound, MemberJoin, Transport
from bot.clock import Clock
from bot.config.settings import Settings
from bot.dispatch.callables import NamedCallable
from bot.dispatch.context import providers
from bot.dispatch.dispatcher import Dispatcher
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.pipeline import Outcome, Pipeline
from bot.dispatch.router import Router
from bot.dispatch.routers import ROUTERS
from bot.followup.specs import FollowupRules
from bot.followup.worker import FollowupWorker
from bot.journal.file import JournalFile
from bot.journal.holding import HoldingReplies
from bot.journal.intake import Intake
from bot.liveness import Liveness, LivenessPolicy
from bot.media import MediaFolder
from bot.metrics import Metrics
from bot.nlu import parse
from bot.nlu.reading import Reading
from bot.notices.sender import NoticeSender
from bot.onboarding.invite_guard import InviteGuard
from bot.outbox import OutboxPolicy, OutboxSender
from bot.register.keys import data_keys
from bot.register.scheduler import RegisterJobs
from bot.render import Renderer
from bot.retention import InboundRetention
from bot.transport.accounts import AccountTransports
from models.change_reader import change_reader
from models.db import create_engine, sessionmaker

logger = logging.getLogger(__name__)

CHATTER_WRITE_INTERVAL = 0.5  # seconds; rows older than the chatter log's max age are written


def read_message(inbound: Inbound, now: datetime) -> Reading:
    """The `reading` context value: the parse, run only if a filter or handler names it."""
    return parse(inbound.text, now)


def default_providers() -> dict[str, NamedCallable]:
    return providers(reading=read_message)


def channel_values(transport: Transport) -> tuple[dict[str, Any], dict[str, NamedCallable]]:
    """The `channel` context value: the transport itself when it serves one account; with
    several, a provider giving the account the message came in on (its mentions, its bot
    id), as handlers must read each message as its own platform wrote it."""
    if not isinstance(transport, AccountTransports):
        return {"channel": transport}, {}

    def channel(inbound: Inbound) -> Channel:
        return transport.channel(inbound.account)

    return {}, providers(channel=channel)


@dataclass
class App:
    settings: Settings
    transport: Transport
    clock: Clock
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    pipeline: Pipeline
    outbox: OutboxSender
    intake: Intake  # the transport's way in: the pipeline, or the journal (database away)
    # For writers beside the pipeline (the console's event desk): the one renderer into the
    # outbox, the follow-up rules, SQLite's writer lock (None on PostgreSQL), and the call
    # that wakes the outbox sender and the follow-up worker after a commit.
    enqueuer: Enqueuer
    rules: FollowupRules
    writer: asyncio.Lock | None
    notify: Callable[[], None]
    followup: FollowupWorker | None = None  # the time-driven side: reminders, digests
    register_jobs: RegisterJobs | None = None  # visa warnings, monthly lists, purges
    retention: InboundRetention | None = None  # the inbound log kept bounded
    metrics: Metrics = field(default_factory=Metrics)  # /metrics
    notices: NoticeSender | None = None  # notices into the outbox at each account's pace
    # This process's heartbeat and account leases: `start` waits until it owns an account.
    liveness: Liveness | None = None
    _started: bool = field(default=False, init=False)  # serving: an account is held
    _sender: asyncio.Task[None] | None = field(default=None, init=False)
    _chatter_writer: asyncio.Task[None] | None = field(default=None, init=False)

    @property
    def transports(self) -> Mapping[str, Transport]:
        """The transport of each account served, by account name."""
        if isinstance(self.transport, AccountTransports):
            return self.transport.by_name
        return {self.settings.served[0].name: self.transport}

    async def feed(self, event: Inbound | MemberJoin) -> None:
        """What the transport calls for every incoming event."""
        if isinstance(event, MemberJoin):
            logger.info("%d joined %s", len(event.member_ids), event.chat_id)
        await self.intake.feed(event)

    async def handle(self, inbound: Inbound) -> Outcome:
        """One message straight to the pipeline (tests, benchmarks): DatabaseUnavailable
        when the database cannot take it, where `feed` would journal it."""
        return await self.pipeline.handle(inbound)

    async def start(self) -> None:
        """Own an account (a standby waits here until the owner's heartbeat stops), connect
        the transport (TransportError if it cannot), then resume the outbox; messages a
        crash left in the journal are handled before any new one."""
        if self.liveness is not None:
            await self.liveness.start()
            await self.liveness.until_held()
        await self.intake.start()
        self._started = True
        await self.transport.start(self.feed)
        self._sender = asyncio.create_task(self.outbox.run(), name="outbox-sender")
        self._chatter_writer = asyncio.create_task(self._write_chatter(), name="chatter-log")
        for worker in self._workers():
            await worker.start()

    def _workers(self) -> list[FollowupWorker | RegisterJobs | InboundRetention | NoticeSender]:
        workers = (self.followup, self.register_jobs, self.retention, self.notices)
        return [w for w in workers if w is not None]

    async def stop(self) -> None:
        if self._started:
            await self._stop_serving()
        await self.intake.stop()
        await self.pipeline.lookups.close()
        if self.liveness is not None:  # last: the outbox has given back what it held
            await self.liveness.stop()
        self.metrics.close()
        await self.engine.dispose()

    async def _stop_serving(self) -> None:
        for worker in self._workers():
            await worker.stop()
        for task in (self._sender, self._chatter_writer):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._sender = self._chatter_writer = None
        try:
            await self.pipeline.write_chatter(all_waiting=True)
        except Exception:  # the database is gone: only chatter's log lines are lost
            logger.exception("could not write the waiting chatter rows")
        await self.transport.stop()

    async def _write_chatter(self) -> None:
        while True:
            await asyncio.sleep(CHATTER_WRITE_INTERVAL)
            try:
                await self.pipeline.write_chatter()
            except Exception:  # kept for the next try; handling goes on
                logger.exception("writing chatter rows failed")

    async def run(self) -> None:
        """Start, then serve until cancelled (the CLI cancels on SIGINT/SIGTERM)."""
        await self.start()
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()


def build_app(
    settings: Settings,
    *,
    transport: Transport,
    clock: Clock,
    routers: Sequence[Router] | None = None,
    renderer: Renderer | None = None,
    outbox_policy: OutboxPolicy | None = None,
    extra_values: Mapping[str, Any] | None = None,
    journal: JournalFile | None = None,
    ready: Callable[[], Awaitable[None]] | None = None,
    liveness: LivenessPolicy | None = None,
) -> App:
    """Wire one bot; `routers=None` takes the composed feature routers (bot/dispatch/routers).

    With a `journal` (`gridbot run` opens the one `[journal]` names) no message is lost
    while the database is away; without one, such messages are logged as lost. `ready`:
    start-up checks that could not run yet (the database was away when the process
    started); messages wait in the journal until they pass."""
    engine = create_engine(settings.database_url)
    sessions = sessionmaker(engine)
    lock = asyncio.Lock()  # the pipeline's; on SQLite the outbox sender takes turns with it
    writer = lock if engine.dialect.name == "sqlite" else None
    heartbeat = Liveness(
        sessions=sessions,
        clock=clock,
        accounts=settings.account_names,
        policy=liveness,
        writer=writer,
    )
    outbox = OutboxSender(
        sessions=sessions,
        transport=transport,
        clock=clock,
        policy=outbox_policy,
        writer=writer,
        liveness=heartbeat,
    )
    heartbeat.on_released = outbox.notify
    renderer = renderer or Renderer()
    # Deadlines, quiet hours, the confirmation timeout: built once, for handlers and worker.
    rules = FollowupRules.from_settings(settings.followup, settings.timezone)
    # Messages marked `hold` queued in the quiet hours wait in the outbox until they end.
    enqueuer = Enqueuer(
        renderer,
        default_lang=settings.bot.language,
        accounts=settings.chat_accounts,
        quiet=rules.quiet,
    )
    followup = FollowupWorker.from_settings(
        settings,
        sessions=sessions,
        clock=clock,
        renderer=renderer,
        on_enqueued=outbox.notify,
        writer=writer,
        rules=rules,
    )

    notices = NoticeSender(
        sessions=sessions,
        enqueuer=enqueuer,
        clock=clock,
        sending=settings.sending,
        notices=settings.notices,
        quiet=rules.quiet,
        working=rules.working,
        notify=outbox.notify,
        writer=writer,
    )

    def notify() -> None:  # a new or changed event may be due before the worker's next look
        outbox.notify()
        followup.wake()
        notices.wake()  # a notice confirmed, a receipt taken

    # Refuses (MissingSecretKey) when personal data would be stored without a key.
    keys = data_keys(settings)
    jobs = RegisterJobs(sessions, enqueuer, settings, keys, clock, notify=notify)
    # Handlers see the channel's mention style and the bot's own id only.
    channel_value, channel_provider = channel_values(transport)
    values = {
        "settings": settings,
        **channel_value,
        "media_source": transport,  # a message's photo is fetched through it (handlers/photos)
        "media_folder": MediaFolder(settings.media.path),
        "directory": settings.directory,
        "data_keys": keys,
        "rules": rules,
        "invite_guard": InviteGuard(),  # wrong invite codes per sender (in the database)
        **(extra_values or {}),
    }
    pipeline = Pipeline(
        sessions=sessions,
        dispatcher=Dispatcher(ROUTERS if routers is None else routers),
        enqueuer=enqueuer,
        clock=clock,
        values=values,
        providers={**default_providers(), **channel_provider},
        on_enqueued=notify,
        lock=lock,
        lookups=Lookups(ChangeFeed(reader=change_reader(settings.database_url))),
        text_limit=settings.bot.text_limit,
        default_lang=settings.bot.language,
    )
    holding = None
    if journal is not None:
        holding = HoldingReplies(
            transport=transport,
            renderer=renderer,
            lookups=pipeline.lookups,
            default_lang=settings.bot.language,
            after=settings.journal.hold_after.total_seconds(),
        )
    metrics = Metrics(engine.sync_engine)
    intake = Intake(
        pipeline=pipeline,
        clock=clock,
        journal=journal,
        holding=holding,
        metrics=metrics,
        ready=ready,
    )
    retention = InboundRetention(
        sessions, clock, keep=settings.retention.inbound_log, writer=writer
    )
    return App(
        settings,
        transport,
        clock,
        engine,
        sessions,
        pipeline,
        outbox,
        intake,
        enqueuer,
        rules,
        writer,
        notify,
        followup,
        jobs,
        retention,
        metrics,
        notices,
        heartbeat,
    )
