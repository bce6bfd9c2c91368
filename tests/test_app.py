"""The composed bot: a restart resumes the outbox, the sender wakes by itself, `gridbot run`."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App, build_app
from bot.chat import ChatKind, Delivery, Inbound
from bot.cli import main
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.router import Router
from bot.render import TEMPLATES_DIR, Renderer
from bot.transport import memory
from bot.transport.memory import MemoryTransport
from bot.transport.simulator.transport import SimulatorTransport

REPO = Path(__file__).resolve().parents[1]
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


class WatchedTransport(MemoryTransport):
    """Lets a test wait for the background sender instead of sleeping."""

    def __init__(self) -> None:
        super().__init__()
        self.delivered = asyncio.Event()

    async def send(self, delivery: Delivery) -> None:
        await super().send(delivery)
        self.delivered.set()


def apologising_router() -> Router:
    """Every message gets the (shipped) error message: a template that exists in the repo."""
    router = Router("sorry")

    @router.message()
    def sorry(inbound: Inbound) -> Outbound:
        return reply(inbound, "error", {"ref": inbound.text})

    return router


@pytest.fixture
def settings(engine: AsyncEngine, db_url: str) -> Settings:
    environ = {"GRIDBOT_DATABASE_URL": db_url, "GRIDBOT_TRANSPORT": "memory"}
    return load_settings(str(REPO / "config.example.toml"), environ=environ)


@pytest.fixture
async def apps() -> AsyncIterator[list[App]]:
    started: list[App] = []
    yield started
    for app in started:
        await app.stop()


def new_app(settings: Settings, transport: MemoryTransport, clock: FrozenClock) -> App:
    renderer = Renderer(TEMPLATES_DIR)
    return build_app(
        settings,
        transport=transport,
        clock=clock,
        routers=[apologising_router()],
        renderer=renderer,
    )


def message(text: str) -> Inbound:
    return memory.group_message(text, chat_id="room-shima-10", sender_id="wxid_x", sender_name="X")


async def test_a_restarted_bot_delivers_what_an_outage_left_in_the_outbox(
    settings: Settings, apps: list[App]
) -> None:
    clock = FrozenClock(START)
    down = MemoryTransport()
    first = new_app(settings, down, clock)
    apps.append(first)
    await down.start(first.feed)
    down.fail_sends = True
    for text in ("一", "二", "三"):
        await first.handle(message(text))
    await first.outbox.deliver_due()
    await first.stop()
    assert down.sent == []

    clock.advance(timedelta(minutes=1))
    up = WatchedTransport()
    second = new_app(settings, up, clock)
    apps.append(second)
    await second.start()  # the sender's first pass resumes the pending rows
    await asyncio.wait_for(up.delivered.wait(), 30)
    await second.outbox.deliver_due()

    assert [d.text[-2] for d in up.sent] == ["一", "二", "三"]  # "...（编号 一）"


async def test_the_running_sender_wakes_when_a_message_is_queued(
    settings: Settings, apps: list[App]
) -> None:
    transport = WatchedTransport()
    app = new_app(settings, transport, FrozenClock(START))
    apps.append(app)
    await app.start()

    await transport.push(message("你好"))
    await asyncio.wait_for(transport.delivered.wait(), 30)

    assert [d.chat_id for d in transport.sent] == ["room-shima-10"]


async def test_the_register_jobs_start_and_stop_with_the_app(
    settings: Settings, apps: list[App]
) -> None:
    app = new_app(settings, MemoryTransport(), FrozenClock(START))
    apps.append(app)
    assert app.register_jobs is not None and not app.register_jobs.running

    await app.start()
    await asyncio.wait_for(app.register_jobs.ran.wait(), 30)  # the catch-up run at start
    await app.stop()

    assert not app.register_jobs.running


def test_run_refuses_a_database_that_is_not_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    monkeypatch.setenv("GRIDBOT_JOURNAL_PATH", str(tmp_path / "journal" / "inbound.journal"))

    status = main(["--config", str(REPO / "config.example.toml"), "run"])

    assert status == 2
    assert not (tmp_path / "journal").exists()  # refused before anything was opened
    assert "gridbot db upgrade" in capsys.readouterr().err


def test_run_exits_non_zero_when_the_transport_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    config.write_text(example.replace('login_timeout = "60s"', 'login_timeout = "1s"'))
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'g.db'}")
    monkeypatch.setenv("GRIDBOT_TRANSPORT", "wechaty")
    monkeypatch.setenv("GRIDBOT_WECHATY_ENDPOINT", f"127.0.0.1:{port}")
    monkeypatch.setenv("GRIDBOT_WECHATY_TOKEN", "not-a-real-token")
    monkeypatch.setenv("GRIDBOT_SECRET_KEY", "a-secret-key-of-the-operator")  # WeChat needs one
    monkeypatch.setenv("GRIDBOT_JOURNAL_PATH", str(tmp_path / "journal" / "inbound.journal"))
    assert main(["--config", str(config), "db", "upgrade"]) == 0

    status = main(["--config", str(config), "run"])

    assert status == 1
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "cannot log in" in err


async def test_the_simulator_carries_a_group_message_in_and_the_reply_out(
    settings: Settings, apps: list[App]
) -> None:
    simulator = SimulatorTransport(settings.directory, bot_name="网格助手")
    app = build_app(
        settings,
        transport=simulator,
        clock=FrozenClock(START),
        routers=[apologising_router()],
        renderer=Renderer(TEMPLATES_DIR),
    )
    apps.append(app)
    await app.start()

    await simulator.post_group(sender_id="wxid_chenjing", chat_id="room-shima-10", text="{{7*7}}")
    await simulator.settled()
    await app.outbox.deliver_due()

    lines = simulator.history(ChatKind.GROUP, "room-shima-10")
    assert [line.sender_name for line in lines] == ["陈静", "网格助手"]
    assert lines[1].text.startswith("@陈静") and "{{7*7}}" in lines[1].text
