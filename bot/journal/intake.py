"""Between the transport and the pipeline: what the database cannot take now waits in the journal.

While the database takes messages, each one goes straight to the pipeline. When handling
one fails because the database cannot be used (models/outage.py), that message and every
one after it go to the journal, in the order they came, and a background task hands them
to the pipeline oldest first once the database is back: a chat's messages are handled in
their order, and none is lost, while the journal has room (journal/file.py says what
happens at its bound). A message handled and recorded before a crash is found by the
inbound log's unique key when the journal is read again, and not handled twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.background import Background
from bot.chat import Inbound, MemberJoin
from bot.clock import Clock
from bot.dispatch.pipeline import DatabaseUnavailable, Pipeline
from bot.journal.file import JournalFile, JournalFull
from bot.journal.holding import HoldingReplies
from bot.journal.records import Entry, Held, dump, load
from bot.metrics import Metrics
from models.outage import is_outage

logger = logging.getLogger(__name__)

Event = Inbound | MemberJoin


@dataclass(frozen=True, slots=True)
class ReplayPolicy:
    first_retry: float = 0.5  # seconds before trying the oldest message again
    max_retry: float = 5.0
    hold_every: float = 0.5  # seconds between looks for senders owed a holding reply


class Intake:
    def __init__(
        self,
        *,
        pipeline: Pipeline,
        clock: Clock,
        journal: JournalFile | None = None,
        holding: HoldingReplies | None = None,
        policy: ReplayPolicy | None = None,
        metrics: Metrics | None = None,
        ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """`metrics` counts what comes in and how it ends. `ready`: checks that must pass
        before any event is handled
        (the process started while the database was away): until they do, every event
        goes to the journal, and they are tried again like the journal's oldest event."""
        self._pipeline = pipeline
        self._clock = clock
        self.journal = journal
        self._holding = holding
        self._policy = policy or ReplayPolicy()
        self._metrics = metrics or Metrics()
        self._turn = asyncio.Lock()  # one event at a time, from the transport or the journal
        self._wake = asyncio.Event()
        self._replayer = Background("journal-replay")
        self._holder = Background("holding-replies")
        self._ready = ready
        self.open = ready is None or journal is None  # events may be handled now
        self.refused = 0  # events the full journal could not take
        self.lost = 0  # events lost to an outage with no journal configured

    @property
    def waiting(self) -> int:
        """Events in the journal, waiting for the database."""
        return self.journal.pending if self.journal is not None else 0

    async def feed(self, event: Event) -> None:
        """What the transport calls for every incoming event."""
        self._metrics.received.inc()
        if self.waiting or not self.open:  # behind the ones waiting: each chat's order holds
            await self._keep(event)
            return
        async with self._turn:
            if not self.waiting and self.open:
                try:
                    await self._handle(event)
                    return
                except DatabaseUnavailable as error:
                    if self.journal is None:
                        self._lose(event, error)
                        return
                    logger.warning(
                        "the database cannot take messages (%s); they wait in the journal %s",
                        error,
                        self.journal.path,
                    )
            await self._keep(event)

    async def start(self) -> None:
        if self.journal is None:
            return
        if self._holding is not None:
            for entry in self._entries():
                if isinstance(entry.event, Held):
                    self._holding.told_before(entry.event.sender_id)
            self._holder.start(self._hold)
        self._replayer.start(self._replay)

    async def stop(self) -> None:
        await self._holder.stop()
        await self._replayer.stop()
        if self.journal is not None:
            self.journal.close()

    async def _handle(self, event: Event) -> None:
        if isinstance(event, Inbound):
            outcome = await self._pipeline.handle(event)
        else:
            outcome = await self._pipeline.handle_join(event)
        self._metrics.outcome(event, outcome)

    async def _keep(self, event: Event) -> None:
        assert self.journal is not None
        try:
            await self.journal.append(dump(Entry(event, self._clock.now())))
        except JournalFull as error:
            self.refused += 1
            self._metrics.lost.inc()
            logger.error("%s: %s is refused and lost", error, _ref(event))
            return
        self._metrics.outcome(event, None)
        if self._holding is not None and isinstance(event, Inbound):
            self._holding.journaled(event)
        self._wake.set()

    def _lose(self, event: Event, error: DatabaseUnavailable) -> None:
        self.lost += 1
        self._metrics.lost.inc()
        logger.error(
            "%s is lost: the database is unavailable (%s) and no journal is set", _ref(event), error
        )

    async def _replay(self) -> None:
        """Hand the journal's events to the pipeline, oldest first, while there are any."""
        await self._until_ready()
        delay = self._policy.first_retry
        while True:
            if not self.waiting:
                self._wake.clear()
                await self._wake.wait()
                continue
            if await self._replay_oldest():
                delay = self._policy.first_retry
                continue
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._policy.max_retry)

    async def _until_ready(self) -> None:
        delay = self._policy.first_retry
        while not self.open:
            assert self._ready is not None
            try:
                await self._ready()
            except Exception as error:
                if not is_outage(error):  # e.g. not migrated: the operator has to act
                    logger.error("cannot start handling messages: %s", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._policy.max_retry)
                continue
            self.open = True
            logger.info("the database is reachable; handling the messages that waited")

    async def _replay_oldest(self) -> bool:
        """Handle the oldest event waiting; False when the database still cannot take it."""
        journal = self.journal
        assert journal is not None
        record = journal.first()
        assert record is not None
        try:
            entry = load(record.payload)
        except ValueError as error:  # written by another version, or damaged
            logger.error("journal record at %d cannot be read (%s); skipped", record.offset, error)
            journal.mark_handled(record)
            return True
        if not isinstance(entry.event, Held):
            async with self._turn:
                try:
                    await self._handle(entry.event)
                except DatabaseUnavailable:
                    return False
        journal.mark_handled(record)
        if self._holding is not None and isinstance(entry.event, Inbound):
            self._holding.handled(entry.event)
        if not journal.pending:
            logger.info("the journal is empty: every message that waited has been handled")
            if self._holding is not None:
                self._holding.outage_over()
        return True

    async def _hold(self) -> None:
        assert self._holding is not None and self.journal is not None
        while True:
            await asyncio.sleep(self._policy.hold_every)
            if not self.waiting:
                continue
            told = await self._holding.send_due()
            self._metrics.holding.inc(len(told))
            for sender_id in told:
                with contextlib.suppress(JournalFull):  # else a restart may tell them twice
                    await self.journal.append(dump(Entry(Held(sender_id), self._clock.now())))
            if told:
                logger.info("told %d more people their message waits for the database", len(told))

    def _entries(self) -> list[Entry]:
        """The journal's readable records, oldest first."""
        assert self.journal is not None
        entries = []
        for record in self.journal.records():
            try:
                entries.append(load(record.payload))
            except ValueError:
                continue  # reported when its turn comes
        return entries


def _ref(event: Event) -> str:
    if isinstance(event, Inbound):
        return f"message {event.platform}:{event.message_id}"
    return f"the join in {event.chat_id}"
