"""This process's heartbeat, what it takes over from dead processes, and its account leases.

liveness = Liveness(sessions=..., clock=..., accounts=["main"], on_released=outbox.notify)
await liveness.start()      # a process row, stamped every `beat` (a background task)
await liveness.until_held() # a standby waits here until an account's owner dies
...
await liveness.stop()       # leases given up, row deleted: a standby takes over at once

Every beat the process stamps its row, then, once it has itself been beating without a
gap for `dead_after`, looks at the others: the outbox rows claimed by a process silent for
`dead_after` are due again at once (`on_released` wakes the sender), and the accounts such
a process owned are taken by whoever gets there first (a conditional UPDATE: one winner).
Waiting for its own unbroken `dead_after` first means that after a database outage, when
every stamp is old, nobody declares the others dead before they had the time to beat.

A process that finds its own row gone was declared dead (it did not beat for `dead_after`:
a frozen host, a long outage). It registers again under a new id; an account that went to
another process meanwhile is lost to this one (`lost` is set: `gridbot run` exits, and
its supervisor restarts it as a standby). While its last stamp is older than
`dead_after - beat`, `fresh` is False: the outbox sender beats before it sends again, and
sends nothing if that fails or the others took its rows over meanwhile.

The stamps are the app clock's: the hosts of a deployment keep their clocks in sync (NTP).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.background import Background
from bot.clock import Clock
from models.changes import touches_no_cached_table
from models.crud.processes import (
    beat,
    forget_dead,
    give_up,
    held_by_the_living,
    register_process,
    release_dead_claims,
    take_accounts,
)
from models.outage import is_outage

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LivenessPolicy:
    beat: timedelta = timedelta(seconds=1)
    dead_after: timedelta = timedelta(seconds=3)


class Liveness:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        accounts: Sequence[str] = ("main",),
        policy: LivenessPolicy | None = None,
        on_released: Callable[[], None] = lambda: None,
        writer: asyncio.Lock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`monotonic`: seconds, for how late this process's own beat is (not the app clock,
        which tests move by hours)."""
        self._monotonic = monotonic
        self._sessions = sessions
        self._clock = clock
        self.accounts = tuple(accounts)
        self.policy = policy or LivenessPolicy()
        self.on_released = on_released
        self._writer = writer
        self.process_id: int | None = None
        self.held: set[str] = set()
        self.lost = asyncio.Event()  # an account this process served went to another
        self._changed = asyncio.Event()
        self._last_beat: float | None = None  # monotonic
        self._beating_since: datetime | None = None  # start of the unbroken run of beats
        self._loop = Background("liveness")
        self._ticking = asyncio.Lock()  # the loop's beat and a sender's (fresh_now)

    def fresh(self) -> bool:
        """Whether this process may still send: the others will not take its rows yet."""
        if self._last_beat is None:
            return self.process_id is None  # never registered (no liveness in use)
        margin = self.policy.dead_after - self.policy.beat
        return self._monotonic() - self._last_beat < margin.total_seconds()

    async def fresh_now(self) -> bool:
        """Whether this process may send now; when its last beat is late (a busy event
        loop), it beats first. False when that fails, or when it was taken for dead
        meanwhile (what it claimed under its old id is the others' now)."""
        if self.fresh():
            return True
        identity = self.process_id
        try:
            await self.tick()
        except Exception:
            return False
        return self.process_id == identity and self.fresh()

    async def start(self) -> None:
        """Register and take what can be taken (first beat), then beat in the background."""
        if self._loop.running:
            return
        try:
            await self.tick()
        except Exception as error:
            if not is_outage(error):
                raise
            # Serve blind (messages wait in the journal): when the database is back and
            # another process holds an account, `lost` says so and this one exits.
            logger.warning("cannot read the account leases (%s); serving %s", error, self.accounts)
            self.held = set(self.accounts)
            self._changed.set()
        self._loop.start(self._run)

    @property
    def serving(self) -> bool:
        """Whether it holds every account it serves (its transport serves them as one)."""
        return self.held >= set(self.accounts)

    async def until_held(self) -> set[str]:
        """Wait until this process holds all its accounts."""
        while not self.serving:
            self._changed.clear()
            await self._changed.wait()
        return self.held

    async def stop(self) -> None:
        await self._loop.stop()
        if self.process_id is None:
            return
        try:
            async with self._transaction() as session:
                await give_up(session, process_id=self.process_id)
        except Exception:  # the database is away: the others wait for the stamp to age
            logger.warning("could not give up the leases of process %s", self.process_id)
        self.process_id, self.held = None, set()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.policy.beat.total_seconds())
            try:
                await self.tick()
            except Exception:  # the database is away: beat again, the others wait too
                logger.warning("heartbeat failed", exc_info=True)
                self._beating_since = None

    async def tick(self) -> None:
        """One beat: stamp, release dead processes' claims, take free or orphaned accounts."""
        async with self._ticking:
            await self._tick()

    async def _tick(self) -> None:
        now, moment = self._clock.now(), self._monotonic()
        released = 0
        if not self.fresh():  # a gap in its own beats (an outage, a freeze): start over
            self._beating_since = None
        async with self._transaction() as session:
            if self.process_id is None or not await beat(
                session, process_id=self.process_id, now=now
            ):
                self._reborn(await self._register(session, now))
            if self._beating_since is None:
                self._beating_since = now
            alive_since = now - self.policy.dead_after
            steady = now - self._beating_since >= self.policy.dead_after
            if steady:
                released = await release_dead_claims(session, now=now, alive_since=alive_since)
                await forget_dead(session, alive_since=alive_since)
            assert self.process_id is not None
            held = await take_accounts(
                session,
                accounts=self.accounts,
                process_id=self.process_id,
                now=now,
                alive_since=alive_since if steady else None,
            )
            others = set()
            if self.held - held:
                others = await held_by_the_living(
                    session,
                    accounts=self.held - held,
                    process_id=self.process_id,
                    alive_since=alive_since,
                )
        self._last_beat = moment
        self._update(held, others)
        if released:
            logger.warning("took over %d outbox rows of a process that stopped", released)
            self.on_released()

    async def _register(self, session: AsyncSession, now: datetime) -> int:
        return await register_process(session, host=socket.gethostname(), pid=os.getpid(), now=now)

    def _reborn(self, process_id: int) -> None:
        if self.process_id is not None:
            logger.error(
                "process %s was taken for dead (no heartbeat for %s); now process %s",
                self.process_id,
                self.policy.dead_after,
                process_id,
            )
        self.process_id = process_id
        self._beating_since = None

    def _update(self, held: set[str], others: set[str]) -> None:
        """`others`: accounts this process served that a living process holds now. One it
        served with no living owner (it served blind through an outage, or was taken for
        dead and nobody took over) it goes on serving, and takes once it may."""
        gone = self.held & others
        held |= self.held - others
        if gone:
            logger.error("accounts %s are now served by another process", sorted(gone))
            self.lost.set()
        for account in sorted(held - self.held):
            logger.info("process %s serves account %s", self.process_id, account)
        if held != self.held:
            self.held = held
            self._changed.set()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._writing(), self._sessions() as session, session.begin():
            touches_no_cached_table(session.sync_session)
            yield session

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        return self._writer if self._writer is not None else contextlib.nullcontext()
