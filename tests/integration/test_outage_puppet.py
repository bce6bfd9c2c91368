"""`gridbot run` through a real puppet service while PostgreSQL goes away, killed with -9
and started again before the database is back: nothing said is lost or handled twice.

梧桐街道 (deployed with `gridbot db upgrade` and `gridbot grid import`, one house's group
bound) on its own mock WeChat, PostgreSQL behind a proxy the test cuts. The process journals what it
cannot handle, answers each waiting reporter once, dies with a non-empty journal, starts
again while the database is still away (serving, its start-up checks waiting), and when
the database is back handles every message in the order people wrote them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from models.db import database
from models.event import Event
from models.messaging import InboundMessage, Outbox, OutboxStatus
from models.scratch import scratch_postgres_database
from tests.conftest import _postgres_server_url
from tests.net import free_port
from tests.puppet_fixture import MockWeChat, Sent
from tests.street import STREET_SECRET_KEY, wutong
from tests.street_deploy import EN, HOUSE, ZH, deploy_street
from tests.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.puppet, pytest.mark.postgres]

START_WAIT = 40.0  # a fresh interpreter imports everything; the machine may be busy
WAIT = 20.0
HELD_ZH, HELD_EN = "已收到，系统稍后处理", "Received; the system will handle it shortly"
JOURNAL = '[journal]\nhold_after = "1s"'


@dataclass
class Process:
    """One `gridbot run`, its stderr read as it comes (a full pipe would stall it)."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    reader: asyncio.Task[None] | None = None

    async def wait_for(self, text: str, within: float = WAIT) -> None:
        try:
            async with asyncio.timeout(within):
                while not any(text in line for line in self.lines):
                    assert self.process.returncode is None, "".join(self.lines)
                    await asyncio.sleep(0.05)
        except TimeoutError:
            lines = "".join(self.lines)
            raise AssertionError(f"no {text!r} within {within:g} s:\n{lines}") from None


async def start(config: Path, env: dict[str, str]) -> Process:
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "--config", str(config), "run"),
        cwd=config.parent,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    running = Process(process)

    async def read() -> None:
        assert process.stderr is not None
        while line := await process.stderr.readline():
            running.lines.append(line.decode(errors="replace"))

    running.reader = asyncio.create_task(read())
    await running.wait_for("GridBot runs on wechaty", START_WAIT)
    return running


async def kill(running: Process) -> None:
    if running.process.returncode is None:
        running.process.send_signal(signal.SIGKILL)
        await running.process.wait()
    if running.reader is not None:
        await running.reader


async def next_in(mock_wechat: MockWeChat, *, to_room: bool) -> Sent:
    """The next message to the room (or, with to_room=False, to anyone but the room)."""
    while True:
        sent = await mock_wechat.next_sent()
        if (sent.room_id is not None) == to_room:
            return sent


@pytest.fixture
async def processes() -> AsyncIterator[list[Process]]:
    started: list[Process] = []
    yield started
    for running in started:
        await kill(running)


async def logged_and_events(url: str, expected: int) -> tuple[list[str], list[str | None]]:
    """The inbound log's message ids (once all `expected` are in: chatter's rows are written
    within a second) and the events' source messages, in order."""
    async with database(url) as (_engine, sessions):
        async with asyncio.timeout(WAIT):
            while True:
                async with sessions() as session:
                    logged = (await session.exec(select(InboundMessage.message_id))).all()
                    events = (await session.exec(select(Event).order_by(col(Event.id)))).all()
                if len(logged) >= expected:
                    return list(logged), [event.source_message_id for event in events]
                await asyncio.sleep(0.1)


async def nothing_pending(url: str) -> None:
    async with database(url) as (_engine, sessions):
        async with asyncio.timeout(WAIT):
            while True:
                async with sessions() as session:
                    pending = select(Outbox).where(Outbox.status == OutboxStatus.PENDING)
                    if not (await session.exec(pending)).all():
                        return
                await asyncio.sleep(0.05)


async def test_a_kill_during_an_outage_and_a_restart_before_it_ends_lose_nothing(
    street_wechat: MockWeChat,
    tmp_path: Path,
    processes: list[Process],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mock_wechat, street = street_wechat, wutong()
    room = street.room_of(HOUSE).id
    tang, maria = ZH, EN  # 顾小雨 writes Chinese, Aisha English
    async with scratch_postgres_database(_postgres_server_url(), prefix="gridbot_test") as url:
        await deploy_street(street, url, monkeypatch, tmp_path, extra=JOURNAL)
        config = tmp_path / "street-config" / "config.toml"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
        async with TcpProxy.before(url) as proxy:
            env |= {
                "GRIDBOT_DATABASE_URL": proxy.url(url),
                "GRIDBOT_WECHATY_ENDPOINT": mock_wechat.endpoint,
                "GRIDBOT_WECHATY_TOKEN": mock_wechat.token,
                "GRIDBOT_SECRET_KEY": STREET_SECRET_KEY,
                "GRIDBOT_WEB_PORT": str(free_port()),
                "GRIDBOT_JOURNAL_PATH": str(tmp_path / "journal" / "inbound.journal"),
            }
            processes.append(first := await start(config, env))
            said = [await mock_wechat.say_in_room(room, tang, "2号楼201卫生间漏水了")]
            assert "【漏水】" in (await next_in(mock_wechat, to_room=True)).text
            # Marked sent before the cut: a row claimed by a killed process waits out its
            # lease (issue 14's claims with a heartbeat are another change).
            await nothing_pending(url)

            await proxy.cut()
            for sender, text in (
                (tang, "2号楼302门锁坏了要报修"),
                (maria, "The toilet in room 402 is leaking"),
                (tang, "好的 谢谢大家"),
                (tang, "2号楼楼道垃圾好几天没人清理"),
            ):
                said.append(await mock_wechat.say_in_room(room, sender, text))
            held = [await next_in(mock_wechat, to_room=True) for _ in range(2)]
            await first.wait_for("their message waits for the database")  # and recorded
            await kill(first)

            processes.append(second := await start(config, env))  # the database still away
            assert any("messages wait in the journal until it is back" in x for x in second.lines)
            fire = "2号楼楼道里有人给电动车充电"
            said.append(await mock_wechat.say_in_room(room, tang, fire))
            await asyncio.sleep(2)  # longer than hold_after: nobody is told twice
            await proxy.restore()
            try:
                acks = [await next_in(mock_wechat, to_room=True) for _ in range(4)]
            except AssertionError as error:
                raise AssertionError(f"{error}\n{''.join(second.lines)}") from None
            await second.wait_for("every message that waited has been handled")
            logged, sources = await logged_and_events(url, len(said))

    assert sorted((h.mention_ids, h.text.split(MENTION_SEPARATOR)[1][:10]) for h in held) == sorted(
        [((tang,), HELD_ZH), ((maria,), HELD_EN[:10])]
    )
    assert [a.mention_ids for a in acks] == [(tang,), (maria,), (tang,), (tang,)]  # in order
    assert sources == [said[0], said[1], said[2], said[4], said[5]]
    assert sorted(logged) == sorted(said)  # each once, none lost
    assert [s for s in mock_wechat.sent if HELD_ZH in s.text or HELD_EN in s.text] == held
