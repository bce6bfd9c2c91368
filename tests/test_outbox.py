"""The outbox sender: order per chat, retry with backoff after an outage, group rate limit."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Delivery, NotConnected
from bot.clock import FrozenClock
from bot.outbox import OutboxPolicy, OutboxSender
from bot.rate_limit import RateLimit
from bot.transport.memory import MemoryTransport
from models.crud.outbox import enqueue
from models.db import sessionmaker
from models.messaging import ERASED, Outbox, OutboxStatus

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
GROUP, OTHER_GROUP, PERSON = "room-shima-10", "room-shima-12", "wxid_wangjianguo"


@dataclass
class Rig:
    sessions: async_sessionmaker[AsyncSession]
    transport: MemoryTransport
    clock: FrozenClock

    def sender(self, policy: OutboxPolicy | None = None) -> OutboxSender:
        return OutboxSender(
            sessions=self.sessions, transport=self.transport, clock=self.clock, policy=policy
        )

    async def queue(self, chat_id: str, *texts: str, kind: ChatKind = ChatKind.GROUP) -> None:
        async with self.sessions() as session, session.begin():
            for text in texts:
                await enqueue(
                    session, chat_kind=kind, chat_id=chat_id, text=text, at=self.clock.now()
                )

    async def rows(self) -> list[Outbox]:
        async with self.sessions() as session:
            return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


@pytest.fixture
async def rig(engine: AsyncEngine) -> Rig:
    transport = MemoryTransport()
    await transport.start(_no_feed)
    return Rig(sessionmaker(engine), transport, FrozenClock(START))


async def _no_feed(event: object) -> None:
    raise AssertionError("nothing comes in during these tests")


def texts(sent: list[Delivery]) -> list[str]:
    return [delivery.text for delivery in sent]


async def test_queued_messages_go_out_in_order_with_their_mentions(rig: Rig) -> None:
    async with rig.sessions() as session, session.begin():
        await enqueue(
            session, chat_kind="group", chat_id=GROUP, text="一", mention_ids=["a"], at=START
        )
        await enqueue(session, chat_kind="direct", chat_id=PERSON, text="二", at=START)
        await enqueue(session, chat_kind="group", chat_id=GROUP, text="三", at=START)

    assert await rig.sender().deliver_due() is None

    assert rig.transport.sent == [
        Delivery(ChatKind.GROUP, GROUP, "一", ("a",)),
        Delivery(ChatKind.DIRECT, PERSON, "二"),
        Delivery(ChatKind.GROUP, GROUP, "三"),
    ]
    assert {row.status for row in await rig.rows()} == {OutboxStatus.SENT}


async def test_an_outage_keeps_messages_queued_until_recovery_then_in_order(rig: Rig) -> None:
    sender = rig.sender()
    await rig.queue(GROUP, "一", "二", "三")
    rig.transport.fail_sends = True

    wake_at = await sender.deliver_due()

    assert rig.transport.sent == []
    assert wake_at == START + timedelta(seconds=2)
    first, *rest = await rig.rows()
    assert (first.attempts, first.last_error) == (1, first.last_error)
    assert first.last_error is not None and "down" in first.last_error
    assert [row.attempts for row in rest] == [0, 0]  # held back behind the first, not tried

    rig.transport.fail_sends = False
    rig.clock.advance(timedelta(seconds=1))
    await sender.deliver_due()
    assert rig.transport.sent == []  # the retry is not due yet

    rig.clock.advance(timedelta(seconds=1))
    assert await sender.deliver_due() is None
    assert texts(rig.transport.sent) == ["一", "二", "三"]


async def test_one_chat_failing_does_not_hold_back_another(rig: Rig) -> None:
    await rig.queue("room-gone", "lost?")
    await rig.queue(GROUP, "fine")
    original = rig.transport.send

    async def send(delivery: Delivery) -> None:
        if delivery.chat_id == "room-gone":
            from bot.chat import TransportError

            raise TransportError("no such room")
        await original(delivery)

    rig.transport.send = send  # type: ignore[method-assign]
    await rig.sender().deliver_due()

    assert texts(rig.transport.sent) == ["fine"]


async def test_retries_back_off_exponentially_up_to_a_cap(rig: Rig) -> None:
    policy = OutboxPolicy(first_retry=timedelta(seconds=2), max_retry=timedelta(seconds=10))
    sender = rig.sender(policy)
    await rig.queue(GROUP, "x")
    rig.transport.fail_sends = True
    waits = []
    for _ in range(5):
        wake_at = await sender.deliver_due()
        assert wake_at is not None
        waits.append((wake_at - rig.clock.now()).total_seconds())
        rig.clock.set(wake_at)

    assert waits == [2, 4, 8, 10, 10]


async def test_a_message_given_up_on_no_longer_blocks_its_chat(rig: Rig) -> None:
    sender = rig.sender(OutboxPolicy(give_up_after=1))
    await rig.queue(GROUP, "doomed")
    rig.transport.fail_sends = True
    await sender.deliver_due()
    rig.transport.fail_sends = False
    await rig.queue(GROUP, "next")

    await sender.deliver_due()

    assert texts(rig.transport.sent) == ["next"]
    assert [row.status for row in await rig.rows()] == [OutboxStatus.FAILED, OutboxStatus.SENT]


async def test_a_group_gets_no_more_than_its_rate_and_the_rest_waits_merged(rig: Rig) -> None:
    limit = RateLimit(messages=3, per=timedelta(minutes=1))
    sender = rig.sender(OutboxPolicy(group_rate=limit))
    await rig.queue(GROUP, *(f"m{n}" for n in range(1, 7)))
    await rig.queue(OTHER_GROUP, "elsewhere")
    await rig.queue(PERSON, "d1", "d2", "d3", "d4", kind=ChatKind.DIRECT)

    await sender.deliver_due()

    to_group = [d.text for d in rig.transport.take_sent() if d.chat_id == GROUP]
    assert to_group == ["m1", "m2", "m3\n\nm4\n\nm5\n\nm6"]  # the last slot carries the rest

    await rig.queue(GROUP, "m7")
    wake_at = await sender.deliver_due()
    assert rig.transport.take_sent() == []
    assert wake_at == START + timedelta(minutes=1)

    rig.clock.set(START + timedelta(minutes=1))
    await sender.deliver_due()
    assert texts(rig.transport.sent) == ["m7"]


async def test_direct_chats_are_not_rate_limited(rig: Rig) -> None:
    sender = rig.sender(OutboxPolicy(group_rate=RateLimit(messages=1)))
    await rig.queue(PERSON, "d1", "d2", "d3", kind=ChatKind.DIRECT)

    await sender.deliver_due()

    assert texts(rig.transport.sent) == ["d1", "d2", "d3"]


async def test_a_row_claimed_by_a_sender_that_died_is_retried_after_its_lease(rig: Rig) -> None:
    from bot.outbox_claim import claim_heads

    lease = timedelta(minutes=2)
    await rig.queue(GROUP, "一", "二")
    async with rig.sessions() as session, session.begin():  # a sender claims, then dies
        await claim_heads(session, now=START, lease=lease, limit=10)
    sender = rig.sender(OutboxPolicy(lease=lease))

    assert await sender.deliver_due() == START + lease
    assert rig.transport.sent == []  # neither the leased head nor the row behind it

    rig.clock.set(START + lease)
    await sender.deliver_due()
    assert texts(rig.transport.sent) == ["一", "二"]


async def test_each_message_is_recorded_sent_before_the_next_goes_out(
    rig: Rig, engine: AsyncEngine
) -> None:
    """A crash can re-send at most the one message between the transport's accept and its
    mark: every earlier one is already recorded when the next is handed over."""
    await rig.queue(GROUP, "g1", "g2")
    await rig.queue(OTHER_GROUP, "o1", "o2")
    await rig.queue(PERSON, "d1", "d2", kind=ChatKind.DIRECT)
    statements: list[str] = []
    unrecorded_at_send: list[int] = []
    original = rig.transport.send

    async def send(delivery: Delivery) -> None:
        rows = await rig.rows()  # another connection: only what was committed
        sent = [row for row in rows if row.status is OutboxStatus.SENT]
        unrecorded_at_send.append(len(rig.transport.sent) - len(sent))
        await original(delivery)

    def record(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    rig.transport.send = send  # type: ignore[method-assign]
    sender = rig.sender()
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        assert await sender.deliver_due() is None
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)

    assert sorted(texts(rig.transport.sent)) == ["d1", "d2", "g1", "g2", "o1", "o2"]
    assert unrecorded_at_send == [0] * 6
    # Claim the three heads (one statement, leasing included), mark each as it goes out;
    # the same for the three behind them; then ask when the next head is due (none is).
    selects = [s for s in statements if s == "SELECT"]
    assert [s for s in statements if s != "SELECT"] == ["WITH", *["UPDATE"] * 3] * 2
    assert len(selects) == 6 + 1  # the test's own reads, and the last look
    assert sender.unrecorded.count == 6
    assert {row.status for row in await rig.rows()} == {OutboxStatus.SENT}


async def test_while_the_transport_is_not_connected_nothing_is_counted_or_dropped(
    rig: Rig,
) -> None:
    """A long outage: the messages neither use up their attempts (one try would drop them
    here) nor wait out a growing backoff; they go out in order on the first look after."""
    policy = OutboxPolicy(give_up_after=1, reconnect_poll=timedelta(seconds=2))
    sender = rig.sender(policy)
    await rig.queue(GROUP, "一", "二")
    await rig.queue(PERSON, "三", kind=ChatKind.DIRECT)
    original = rig.transport.send
    tried: list[str] = []

    async def away(delivery: Delivery) -> None:
        tried.append(delivery.text)
        raise NotConnected("not logged in")

    rig.transport.send = away  # type: ignore[method-assign]
    for _ in range(30):  # a minute of looking
        wake_at = await sender.deliver_due()
        assert wake_at == rig.clock.now() + timedelta(seconds=2)
        rig.clock.set(wake_at)
    assert len(tried) == 30  # one try per look: the rest of the pass is not tried
    rows = await rig.rows()
    assert [(row.status, row.attempts) for row in rows] == [(OutboxStatus.PENDING, 0)] * 3

    rig.transport.send = original  # type: ignore[method-assign]
    assert await sender.deliver_due() is None
    by_chat = [(d.chat_id, d.text) for d in rig.transport.sent]
    assert [text for chat, text in by_chat if chat == GROUP] == ["一", "二"]
    assert [text for chat, text in by_chat if chat == PERSON] == ["三"]
    assert {row.status for row in await rig.rows()} == {OutboxStatus.SENT}


async def test_a_sender_stops_even_when_notified_as_it_is_cancelled(rig: Rig) -> None:
    """On 3.11 asyncio.wait_for lets a cancel be swallowed when its wait ends at the same
    moment; the sender would go on, and the app's stop() would wait for it forever."""
    sender = rig.sender()
    await rig.queue(GROUP, "一")
    rig.transport.fail_sends = True
    task = asyncio.create_task(sender.run())
    await asyncio.sleep(0.05)  # its first pass failed: it waits for the retry, or a notify
    sender.notify()  # the same moment: the wait is over when the cancel is seen
    task.cancel()
    await asyncio.wait({task}, timeout=10)  # a guard, not a measurement
    assert task.cancelled()


async def test_a_secret_is_erased_once_sent_or_given_up_on_and_nothing_else_is(
    rig: Rig,
) -> None:
    async def queue_secret(chat_id: str, text: str) -> None:
        async with rig.sessions() as session, session.begin():
            await enqueue(
                session, chat_kind=ChatKind.DIRECT, chat_id=chat_id, text=text,
                at=rig.clock.now(), secret=True,
            )  # fmt: skip

    await queue_secret(PERSON, "link: https://grid.example/login/aaaa")
    await rig.queue(PERSON, "plain", kind=ChatKind.DIRECT)
    await rig.sender().deliver_due()
    assert texts(rig.transport.sent) == ["link: https://grid.example/login/aaaa", "plain"]
    assert [row.text for row in await rig.rows()] == [ERASED, "plain"]

    await queue_secret("wxid_gone", "link: https://grid.example/login/bbbb")
    rig.transport.fail_sends = True
    await rig.sender(OutboxPolicy(give_up_after=1)).deliver_due()
    *_, given_up = await rig.rows()
    assert (given_up.status, given_up.text) == (OutboxStatus.FAILED, ERASED)


async def test_a_message_held_for_the_morning_holds_back_nothing_queued_after_it(
    rig: Rig,
) -> None:
    morning = START + timedelta(hours=8)
    async with rig.sessions() as session, session.begin():
        await enqueue(
            session, chat_kind="direct", chat_id=PERSON, text="转派给您", at=morning, hold=True
        )
    await rig.queue(PERSON, "您的待办：无", kind=ChatKind.DIRECT)
    sender = rig.sender()
    wake = await sender.deliver_due()
    assert texts(rig.transport.take_sent()) == ["您的待办：无"]
    assert wake == morning
    rig.clock.set(morning)
    await sender.deliver_due()
    assert texts(rig.transport.take_sent()) == ["转派给您"]
