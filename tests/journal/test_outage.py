"""A database outage mid-stream loses nothing: PostgreSQL cut off (through a proxy), SQLite's
disk full (a real tmpfs filled to the last block). 梧桐街道, deployed the way a street
deploys itself (tests/street_deploy.py); the whole app with its journal, on the memory
transport.

While the database is away every message waits in the journal, in order; a reporter
waiting longer than `hold_after` gets one holding reply in their language; when the
database is back each message is handled once, in the order it came.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.app import App, build_app
from bot.chat import Delivery, Inbound
from bot.clock import SystemClock
from bot.config import Settings
from bot.dispatch.pipeline import Outcome
from bot.journal.file import MIN_SIZE, JournalFile
from bot.journal.records import Entry, dump
from bot.transport import memory
from bot.transport.memory import MemoryTransport
from models.event import Event
from models.messaging import InboundMessage, Outbox, OutboxStatus
from models.scratch import scratch_postgres_database
from tests.conftest import _postgres_server_url
from tests.small_disk import SmallDisk
from tests.street import Street, wutong
from tests.street_deploy import EN, HOUSE, ZH, deploy_street
from tests.tcp_proxy import TcpProxy

WAIT = 20.0
HOLD_AFTER = timedelta(milliseconds=300)
HELD_ZH = "已收到，系统稍后处理"
HELD_EN = "Received; the system will handle it shortly"

STREET: Street = wutong()
ROOM = STREET.room_of(HOUSE).id
# (sender, text, message id): two reporters, one of them chatting in between.
DURING = [
    (ZH, "2号楼302门锁坏了要报修", "m1"),
    (EN, "The toilet in room 402 is leaking", "m2"),
    (ZH, "好的 谢谢大家", "m3"),
    (ZH, "2号楼楼道垃圾好几天没人清理", "m4"),
    (EN, "Someone parked in the fire lane again", "m5"),
]
REPORTS_DURING = ["m1", "m2", "m4", "m5"]


@dataclass
class Outage:
    """How the database goes away and comes back in one test."""

    app_url: str  # what the app connects to
    begin: Callable[[], Awaitable[None]]
    end: Callable[[], Awaitable[None]]


def said(sender: str, text: str, message_id: str) -> Inbound:
    return memory.group_message(
        text,
        chat_id=ROOM,
        sender_id=sender,
        sender_name=STREET.shown_name(ROOM, sender),
        message_id=message_id,
    )


async def eventually(check: Callable[[], bool | Awaitable[bool]], what: str) -> None:
    try:
        async with asyncio.timeout(WAIT):
            while True:
                result = check()
                if result if isinstance(result, bool) else await result:
                    return
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"not within {WAIT:g} s: {what}") from None


def held(transport: MemoryTransport) -> list[Delivery]:
    return [d for d in transport.sent if d.text.startswith((HELD_ZH, HELD_EN))]


async def start(settings: Settings, journal_path: Path, transport: MemoryTransport) -> App:
    app = build_app(
        settings,
        transport=transport,
        clock=SystemClock(),
        journal=JournalFile.open(journal_path, 4 * MIN_SIZE),
    )
    await app.start()
    return app


async def delivered_everything(app: App) -> bool:
    async with app.sessions() as session:
        pending = select(Outbox).where(Outbox.status == OutboxStatus.PENDING)
        return not (await session.exec(pending)).all()


async def sources_of_events(app: App) -> list[str | None]:
    async with app.sessions() as session:
        events = (await session.exec(select(Event).order_by(col(Event.id)))).all()
        return [event.source_message_id for event in events]


async def inbound_log(app: App) -> list[tuple[str, str | None]]:
    await app.pipeline.write_chatter(all_waiting=True)
    async with app.sessions() as session:
        rows = (await session.exec(select(InboundMessage).order_by(col(InboundMessage.id)))).all()
        return [(row.message_id, row.outcome) for row in rows]


async def outage_mid_stream(settings: Settings, outage: Outage, tmp_path: Path) -> None:
    settings = dataclasses.replace(
        settings,
        database_url=outage.app_url,
        journal=dataclasses.replace(settings.journal, hold_after=HOLD_AFTER),
    )
    transport = MemoryTransport()
    app = await start(settings, tmp_path / "journal" / "inbound.journal", transport)
    try:
        await app.feed(said(ZH, "2号楼201卫生间漏水了", "m0"))
        await eventually(lambda: delivered_everything(app), "the first report's replies")
        answered_before = len(transport.sent)

        await outage.begin()
        for sender, text, message_id in DURING:
            await app.feed(said(sender, text, message_id))
        assert app.intake.waiting == len(DURING)
        await eventually(lambda: len(held(transport)) == 2, "a holding reply to each reporter")
        await asyncio.sleep(3 * HOLD_AFTER.total_seconds())  # still once each
        holding = held(transport)
        assert len(transport.sent) == answered_before + 2  # nothing else could go out
        await outage.end()
        await eventually(lambda: app.intake.waiting == 0, "every waiting message handled")
        await eventually(lambda: delivered_everything(app), "their replies delivered")

        assert {(d.chat_id, d.mention_ids, d.text.startswith(HELD_ZH)) for d in holding} == {
            (ROOM, (ZH,), True),  # in each one's language
            (ROOM, (EN,), False),
        }
        assert await sources_of_events(app) == ["m0", *REPORTS_DURING]  # in order, once each
        log = await inbound_log(app)
        assert sorted(message_id for message_id, _ in log) == [f"m{n}" for n in range(6)]
        assert dict(log) == {
            "m0": "handled", "m1": "handled", "m2": "handled", "m3": None,
            "m4": "handled", "m5": "handled",
        }  # fmt: skip
        acks = [d for d in transport.sent[answered_before:] if d.chat_id == ROOM]
        assert len(acks) == 2 + len(REPORTS_DURING)  # the holding replies, then one ack each
    finally:
        await app.stop()


@pytest.mark.postgres
async def test_postgresql_cut_off_mid_stream_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with scratch_postgres_database(_postgres_server_url(), prefix="gridbot_test") as url:
        settings = await deploy_street(STREET, url, monkeypatch, tmp_path)
        async with TcpProxy.before(url) as proxy:
            outage = Outage(proxy.url(url), proxy.cut, proxy.restore)
            await outage_mid_stream(settings, outage, tmp_path)
            assert proxy.connections > 2  # the app came back through the proxy


async def test_sqlite_on_a_full_disk_mid_stream_loses_nothing(
    small_disk: SmallDisk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = small_disk.path / "gridbot.db"
    url = f"sqlite+aiosqlite:///{database}"
    settings = await deploy_street(STREET, url, monkeypatch, tmp_path)

    async def disk_full() -> None:
        # Writes would first reuse the space of an old write-ahead log: give it back.
        with sqlite3.connect(database) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        small_disk.fill()

    async def disk_freed() -> None:
        small_disk.free()

    # The journal lives on the full disk too: its space was reserved when it was opened.
    await outage_mid_stream(settings, Outage(url, disk_full, disk_freed), small_disk.path)


@pytest.fixture
async def street(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Settings, Path]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'street.db'}"
    yield await deploy_street(STREET, url, monkeypatch, tmp_path), tmp_path / "inbound.journal"


async def test_a_restart_handles_what_the_journal_holds_before_anything_new(
    street: tuple[Settings, Path],
) -> None:
    settings, path = street
    journal = JournalFile.open(path, MIN_SIZE)  # as a process killed during an outage left it
    for sender, text, message_id in DURING:
        await journal.append(dump(Entry(said(sender, text, message_id), SystemClock().now())))
    journal.close()
    transport = MemoryTransport()

    app = await start(settings, path, transport)
    try:
        await app.feed(said(ZH, "2号楼楼道里有人给电动车充电", "m6"))  # behind them
        await eventually(lambda: app.intake.waiting == 0, "the journal replayed")
        assert await sources_of_events(app) == [*REPORTS_DURING, "m6"]
        assert held(transport) == []  # they did not wait on this process's watch
    finally:
        await app.stop()
    assert JournalFile.open(path, MIN_SIZE).pending == 0


async def test_a_message_handled_and_recorded_before_a_crash_is_not_handled_again(
    street: tuple[Settings, Path],
) -> None:
    settings, path = street
    transport = MemoryTransport()
    first = build_app(settings, transport=transport, clock=SystemClock())
    await first.start()
    report = said(ZH, "2号楼302门锁坏了要报修", "m1")
    assert await first.handle(report) is Outcome.HANDLED
    queued = await outbox_rows(first)
    await first.stop()
    # Killed after the commit, before the journal marked it handled: it is read again.
    journal = JournalFile.open(path, MIN_SIZE)
    await journal.append(dump(Entry(report, SystemClock().now())))
    journal.close()

    again = await start(settings, path, transport)
    try:
        await eventually(lambda: again.intake.waiting == 0, "the journal replayed")
        assert await sources_of_events(again) == ["m1"]
        assert queued >= 1 and await outbox_rows(again) == queued  # nothing queued twice
    finally:
        await again.stop()


async def outbox_rows(app: App) -> int:
    async with app.sessions() as session:
        return len((await session.exec(select(Outbox))).all())
