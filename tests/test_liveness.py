"""Heartbeats: a dead process's outbox claims and accounts go to the living within seconds.

Two (or three) processes are simulated on one database, each a `Liveness` with its own
clock reading; a process "dies" by no longer beating (what kill -9 leaves behind).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.liveness import Liveness
from bot.outbox import OutboxSender
from bot.outbox_claim import claim_heads
from bot.transport.memory import MemoryTransport
from models.crud.outbox import enqueue
from models.crud.processes import lease_owners
from models.db import sessionmaker
from models.messaging import Outbox, OutboxStatus

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
GROUP, OTHER_GROUP = "room-shima-10", "room-shima-12"
SECOND = timedelta(seconds=1)


@dataclass
class Process:
    liveness: Liveness
    sender: OutboxSender
    transport: MemoryTransport
    released: list[int] = field(default_factory=list)


@dataclass
class Rig:
    sessions: async_sessionmaker[AsyncSession]
    clock: FrozenClock

    async def process(self, accounts: tuple[str, ...] = ("main",)) -> Process:
        transport = MemoryTransport()
        await transport.start(_no_feed)
        liveness = Liveness(
            sessions=self.sessions,
            clock=self.clock,
            accounts=accounts,
            monotonic=lambda: (self.clock.now() - START).total_seconds(),
        )
        sender = OutboxSender(
            sessions=self.sessions, transport=transport, clock=self.clock, liveness=liveness
        )
        process = Process(liveness, sender, transport)
        liveness.on_released = lambda: process.released.append(1)
        await liveness.tick()
        return process

    async def queue(self, chat_id: str, *texts: str) -> None:
        async with self.sessions() as session, session.begin():
            for text in texts:
                await enqueue(session, chat_kind="group", chat_id=chat_id, text=text, at=START)

    async def rows(self) -> list[Outbox]:
        async with self.sessions() as session:
            return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())

    async def owners(self) -> dict[str, int | None]:
        async with self.sessions() as session:
            return await lease_owners(session)


@pytest.fixture
def rig(engine: AsyncEngine) -> Rig:
    return Rig(sessionmaker(engine), FrozenClock(START))


async def _no_feed(event: object) -> None:
    raise AssertionError("nothing comes in during these tests")


async def test_rows_a_dead_process_claimed_go_out_from_a_survivor_within_seconds(
    rig: Rig,
) -> None:
    dead, survivor = await rig.process(), await rig.process()
    await rig.queue(GROUP, "一", "二")
    await rig.queue(OTHER_GROUP, "三")
    async with rig.sessions() as session, session.begin():  # `dead` claims, then is killed
        claimed = await claim_heads(
            session,
            now=START,
            lease=timedelta(minutes=5),
            limit=1,
            owner=dead.liveness.process_id,
        )
    assert [row.text for row in claimed] == ["一"]

    # The survivor sends what is not held behind the dead claim, and no more.
    await survivor.sender.deliver_due()
    assert [d.text for d in survivor.transport.sent] == ["三"]

    waited = timedelta(0)
    while not survivor.released:
        waited += SECOND
        rig.clock.set(START + waited)
        await survivor.liveness.tick()
    assert waited == timedelta(seconds=4)  # dead after 3 s of silence, seen on the next beat

    await survivor.sender.deliver_due()
    assert [d.text for d in survivor.transport.sent] == ["三", "一", "二"]
    assert dead.transport.sent == []
    rows = await rig.rows()
    assert {(row.status, row.claimed_by) for row in rows} == {(OutboxStatus.SENT, None)}
    assert [row.attempts for row in rows] == [2, 1, 1]  # the dead claim counted once


async def test_a_process_silent_for_less_than_the_limit_keeps_its_claims(rig: Rig) -> None:
    slow, other = await rig.process(), await rig.process()
    await rig.queue(GROUP, "一")
    async with rig.sessions() as session, session.begin():
        await claim_heads(
            session, now=START, lease=timedelta(minutes=5), limit=1, owner=slow.liveness.process_id
        )
    for second in range(1, 4):  # `slow` last beat at START: alive until START + 3 s
        rig.clock.set(START + second * SECOND)
        await other.liveness.tick()
    await other.sender.deliver_due()
    assert other.transport.sent == [] and other.released == []


async def test_a_sender_whose_heartbeat_is_late_beats_before_it_sends(rig: Rig) -> None:
    """A busy event loop delayed its beat: it beats, then sends."""
    late = await rig.process()
    await rig.queue(GROUP, "一", "二")
    rig.clock.set(START + 2 * SECOND)
    assert not late.liveness.fresh()

    await late.sender.deliver_due()

    assert [d.text for d in late.transport.sent] == ["一", "二"]


async def test_a_sender_taken_for_dead_sends_nothing_and_gives_its_rows_back(rig: Rig) -> None:
    """Past `dead_after` without a beat the others took its rows: sending them could send
    them twice. It finds out as it beats, and gives back what it had just claimed."""
    late, other = await rig.process(), await rig.process()
    await rig.queue(GROUP, "一", "二")
    for second in range(1, 5):
        rig.clock.set(START + second * SECOND)
        await other.liveness.tick()  # at 4 s `late` is dead to it: its row is gone

    await late.sender.deliver_due()

    assert late.transport.sent == []
    rows = await rig.rows()
    assert [(row.status, row.attempts, row.claimed_by) for row in rows] == [
        (OutboxStatus.PENDING, 0, None)
    ] * 2


async def test_an_account_has_one_owner_and_a_standby_takes_it_when_the_owner_dies(
    rig: Rig,
) -> None:
    owner, standby = await rig.process(), await rig.process()
    assert owner.liveness.held == {"main"} and standby.liveness.held == set()
    assert await rig.owners() == {"main": owner.liveness.process_id}

    for second in range(1, 4):  # both beat: the standby stays a standby
        rig.clock.set(START + second * SECOND)
        await owner.liveness.tick()
        await standby.liveness.tick()
    assert standby.liveness.held == set()

    for second in range(4, 9):  # the owner is killed: no beat after START + 3 s
        rig.clock.set(START + second * SECOND)
        await standby.liveness.tick()
        if standby.liveness.held:
            break
    assert standby.liveness.held == {"main"}
    assert second == 7  # more than 3 s after the owner's last beat: the standby's next beat
    assert await rig.owners() == {"main": standby.liveness.process_id}


async def test_an_owner_that_stops_hands_its_account_over_at_once(rig: Rig) -> None:
    owner, standby = await rig.process(), await rig.process()
    await owner.liveness.stop()
    await standby.liveness.tick()  # no need to wait for the owner's beat to age
    assert standby.liveness.held == {"main"}


async def test_an_owner_taken_for_dead_loses_its_account_and_says_so(rig: Rig) -> None:
    """A frozen owner (no beat for `dead_after`) that wakes up again must stop serving the
    account the standby took meanwhile: `lost` tells `gridbot run` to exit."""
    owner, standby = await rig.process(), await rig.process()
    frozen_id = owner.liveness.process_id
    for second in range(1, 5):
        rig.clock.set(START + second * SECOND)
        await standby.liveness.tick()
    assert standby.liveness.held == {"main"}

    await owner.liveness.tick()  # it wakes up

    assert owner.liveness.lost.is_set()
    assert owner.liveness.held == set()
    assert owner.liveness.process_id != frozen_id  # registered again, as a standby
    assert await rig.owners() == {"main": standby.liveness.process_id}


async def test_after_an_outage_nobody_is_taken_for_dead_before_it_could_beat(rig: Rig) -> None:
    """The database was away for 20 s: every stamp is old when it comes back. A process
    only judges the others after beating for `dead_after` itself."""
    owner, standby = await rig.process(), await rig.process()
    rig.clock.set(START + 20 * SECOND)
    await standby.liveness.tick()  # back first
    await owner.liveness.tick()
    for second in range(21, 25):
        rig.clock.set(START + second * SECOND)
        await standby.liveness.tick()
        await owner.liveness.tick()
    assert owner.liveness.held == {"main"} and not owner.liveness.lost.is_set()
    assert standby.liveness.held == set()


async def test_several_accounts_go_to_one_process_whole(rig: Rig) -> None:
    """A process serves its accounts through one transport: it serves all or none, and two
    standbys taking over never split them."""
    accounts = ("main", "wecom")
    owner = await rig.process(accounts)
    first, second = await rig.process(accounts), await rig.process(accounts)
    assert owner.liveness.serving and not first.liveness.held and not second.liveness.held

    for beat in range(1, 9):  # the owner dies; both standbys beat, `first` a bit earlier
        rig.clock.set(START + beat * SECOND)
        await first.liveness.tick()
        await second.liveness.tick()
    assert first.liveness.held == {"main", "wecom"} and first.liveness.serving
    assert second.liveness.held == set()
    assert await rig.owners() == dict.fromkeys(accounts, first.liveness.process_id)
