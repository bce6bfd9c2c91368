"""Fixtures that deploy 梧桐街道 (tests/street.py) the way a street deploys itself.

    async def test_x(street_db: str) -> None:             # README's steps, through the CLI:
        ...                                               # `gridbot db upgrade`, then
                                                          # `gridbot grid import directory.toml`
    async def test_y(street_settings: Settings) -> None:  # its config.toml on that database
        ...
    async def test_z(street_bot: StreetBot, street: Street) -> None:
        await street_bot.link("dai-guohua", "cai-min")     # as their invite codes would
        room = await street_bot.bind("qs-3")               # as "绑定 清水湾3号楼" would
        await street_bot.wechat.say_in_room(room, street.contact("dai-guohua"), "收到")
        [reply] = await street_bot.sent(1)

`street_bot` is the whole bot (`build_app`, the composed routers) on the Wechaty transport
over `street_wechat` (tests/puppet_fixture.py), on SQLite and PostgreSQL, with a frozen
clock at `STREET_START` (a Wednesday morning in Shanghai, outside quiet hours).
`street_launch(clock=..., routers=...)` starts more, or differently made, bots; each is
stopped after the test. The CLI runs with the street's config from a scratch working
directory; `street_gridbot("tenants", "qs-3")` runs one more command the same way.

`street_chat` is the same bot on the memory transport, for tests of what the bot decides
rather than how WeChat carries it: each message is handled when it is said, `sent()`
delivers the outbox and returns what went out, and nothing runs in the background (the
follow-up worker ticks when the test calls `app.followup.tick()`):

    async def test_w(street_chat: StreetChat) -> None:
        await street_chat.link("shi-lei")
        room = await street_chat.bind("lt-2")
        await street_chat.say(room, "wxid_aisha_r", "The sink in 301 is leaking")
        [ack, assignment] = await street_chat.sent()

`street_configure('[followup]\nconfirmation_timeout = "24h"')` gives the street's settings
with lines added to its config.toml; `street_chat_launch(settings=..., clock=...)` starts a
memory bot on them.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import App, build_app
from bot.chat import Delivery
from bot.cli import main
from bot.clock import Clock, FrozenClock
from bot.config import Settings, load_settings
from bot.dispatch.router import Router
from bot.followup.worker import FollowupWorker, TickReport
from bot.transport import memory
from bot.transport.memory import MemoryTransport
from bot.transport.wechaty.transport import WechatyTransport
from models.crud.bindings import bind_grid
from models.crud.grid import landlord_grid_by_code
from models.crud.people import link_contact, person_by_key
from tests.mock_wechat import MockWeChat, Sent
from tests.street import STREET_SECRET_KEY, Street, wutong

__all__ = [
    "STREET_START",
    "CliRun",
    "StreetBot",
    "StreetChat",
    "street",
    "street_bot",
    "street_chat",
    "street_chat_launch",
    "street_configure",
    "street_db",
    "street_gridbot",
    "street_invite",
    "street_launch",
    "street_settings",
]

STREET_START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai
WAIT = 20.0  # bounds a hang on a busy machine; a passing test never waits this long
# Whatever the developer's shell exports must not leak into the street's commands.
_ENVIRONMENT = (
    "GRIDBOT_CONFIG",
    "GRIDBOT_DATABASE_URL",
    "GRIDBOT_TRANSPORT",
    "GRIDBOT_SECRET_KEY",
    "GRIDBOT_NEW_SECRET_KEY",
    "GRIDBOT_WECHATY_ENDPOINT",
    "GRIDBOT_WECHATY_TOKEN",
    "GRIDBOT_WEB_HOST",
    "GRIDBOT_WEB_PORT",
)


@dataclass(frozen=True, slots=True)
class CliRun:
    status: int
    out: str
    err: str


CliRunner = Callable[..., Awaitable[CliRun]]


@pytest.fixture(scope="session")
def street() -> Street:
    return wutong()


@pytest.fixture
def street_gridbot(
    street: Street, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> CliRunner:
    """`gridbot --config <the street's config.toml> ARGS…` on `db_url`, in a thread of its
    own (the CLI runs its own event loop), from a scratch directory, with the street's
    secret key and nothing else from the environment (no WeChat token)."""
    for variable in _ENVIRONMENT:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("GRIDBOT_SECRET_KEY", STREET_SECRET_KEY)
    workdir = tmp_path / "street-operator"
    workdir.mkdir(exist_ok=True)
    monkeypatch.chdir(workdir)

    async def run(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> CliRun:
        def call() -> CliRun:
            # Binary-backed like the real streams: some commands write bytes (parse).
            out, err = _stream(), _stream()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(["--config", str(street.config), *args])
            return CliRun(status, _text(out), _text(err))

        with monkeypatch.context() as scoped:
            for name, value in (env or {}).items():
                scoped.setenv(name, value)
            scoped.setattr(sys, "stdin", _stream(stdin))
            return await asyncio.to_thread(call)

    return run


def _stream(text: str = "") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8")


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")


Inviter = Callable[[str], Awaitable[str]]


@pytest.fixture
def street_invite(street_gridbot: CliRunner) -> Inviter:
    """`gridbot invite KEY` as community staff run it: the one-time code KEY sends the bot."""

    async def invite(key: str) -> str:
        run = await street_gridbot("invite", key)
        assert run.status == 0, run.err
        found = re.search(r"GB-[0-9A-Z]{4}-[0-9A-Z]{4}", run.out)
        assert found is not None, run.out
        return found.group()

    return invite


@pytest.fixture
async def street_db(street: Street, street_gridbot: CliRunner, db_url: str) -> str:
    """A database (SQLite and PostgreSQL) holding 梧桐街道's directory, deployed by the
    README's steps: `gridbot db upgrade`, `gridbot grid import directory.toml`."""
    for step in (("db", "upgrade"), ("grid", "import", str(street.directory_file))):
        run = await street_gridbot(*step)
        assert run.status == 0, f"gridbot {' '.join(step)} failed: {run.err}"
    return db_url


Configure = Callable[[str], Settings]


@pytest.fixture
def street_configure(street: Street, street_db: str, tmp_path: Path) -> Configure:
    """The street's settings with TOML lines added to its config.toml (a copy of it)."""

    def configure(extra: str = "") -> Settings:
        path = tmp_path / "street-config" / "config.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"{street.config.read_text(encoding='utf-8')}\n{extra}\n", "utf-8")
        environ = {"GRIDBOT_DATABASE_URL": street_db, "GRIDBOT_SECRET_KEY": STREET_SECRET_KEY}
        return load_settings(str(path if extra else street.config), environ=environ)

    return configure


@pytest.fixture
def street_settings(street_configure: Configure) -> Settings:
    """The street's config.toml on its database, with its secret key; no WeChat token."""
    return street_configure("")


@dataclass
class _StreetApp:
    """What both ways of running the street's bot offer."""

    app: App
    street: Street
    clock: Clock

    async def link(self, *keys: str) -> None:
        """Tie directory people to their WeChat accounts, as their invite codes would."""
        async with self.app.sessions() as session, session.begin():
            for key in keys:
                person = await person_by_key(session, key=key)
                assert person is not None and person.id is not None, key
                await link_contact(
                    session, person_id=person.id, contact_id=self.street.contact(key)
                )

    async def bind(self, house: str) -> str:
        """Bind the house's group to it, as its landlord's "绑定 …" would; the room id."""
        room = self.street.room_of(house).id
        async with self.app.sessions() as session, session.begin():
            grid = await landlord_grid_by_code(session, code=house)
            assert grid is not None, house
            await bind_grid(
                session,
                chat_id=room,
                landlord_grid=grid,
                by_id=grid.leader_id,
                now=self.clock.now(),
            )
        return room


@dataclass
class StreetBot(_StreetApp):
    """The bot on the street's WeChat, through the puppet service."""

    transport: WechatyTransport
    wechat: MockWeChat

    async def sent(self, count: int) -> list[Sent]:
        """The next `count` messages the bot sent to WeChat, in order."""
        async with asyncio.timeout(WAIT):
            return [await self.wechat.next_sent() for _ in range(count)]

    async def worker_pass(self, at: datetime) -> TickReport:
        """Move the frozen clock to `at`, wake the running follow-up worker and wait for a
        pass that read it; what that pass did."""
        assert isinstance(self.clock, FrozenClock), "worker_pass needs the frozen clock"
        worker = self._worker()
        await _until(worker.idle.is_set)
        passes = worker.passes
        self.clock.set(at)
        worker.wake()
        await _until(lambda: worker.passes > passes and worker.idle.is_set())
        return worker.last

    def _worker(self) -> FollowupWorker:
        assert self.app.followup is not None
        return self.app.followup


async def _until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(WAIT):
        # The worker signals "asleep" but not "a pass after this one": its counter is polled.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


@dataclass
class StreetChat(_StreetApp):
    """The bot on the memory transport: a message is handled when it is said."""

    transport: MemoryTransport
    clock: FrozenClock

    async def say(self, room_id: str, contact_id: str, text: str, **extra: Any) -> None:
        """`contact_id` says `text` in group `room_id`, named as the group shows them."""
        room = self.street.room(room_id)
        assert contact_id in room.members, f"{contact_id} is not in {room.topic}"
        message = memory.group_message(
            text,
            chat_id=room_id,
            sender_id=contact_id,
            sender_name=self.street.shown_name(room_id, contact_id),
            chat_topic=room.topic,
            timestamp=self.clock.now(),
            **extra,
        )
        await self.app.handle(message)

    async def dm(self, contact_id: str, text: str, **extra: Any) -> None:
        """`contact_id` writes `text` to the bot directly."""
        message = memory.direct_message(
            text,
            sender_id=contact_id,
            sender_name=self.street.contacts[contact_id],
            timestamp=self.clock.now(),
            **extra,
        )
        await self.app.handle(message)

    async def sent(self) -> list[Delivery]:
        """Everything due in the outbox, delivered now, in order."""
        await self.app.outbox.deliver_due()
        return self.transport.take_sent()


StreetLauncher = Callable[..., Awaitable[StreetBot]]


@pytest.fixture
async def street_launch(
    street: Street, street_settings: Settings, street_wechat: MockWeChat
) -> AsyncIterator[StreetLauncher]:
    """Start whole bots on 梧桐街道's WeChat; every one started is stopped afterwards."""
    running: list[App] = []

    async def launch(
        *,
        clock: Clock | None = None,
        routers: Sequence[Router] | None = None,
        endpoint: str | None = None,
        token: str | None = None,
        settings: Settings | None = None,
    ) -> StreetBot:
        """A bot on the street's WeChat (or on a gateway in front of it: `endpoint`, `token`);
        `settings`: other settings of the street (`street_configure`)."""
        transport = WechatyTransport(
            endpoint=endpoint or street_wechat.endpoint,
            token=token or street_wechat.token,
            login_timeout=WAIT,
            retry_initial=0.05,
            retry_max=0.5,
        )
        clock = clock or FrozenClock(STREET_START)
        app = build_app(
            settings or street_settings, transport=transport, clock=clock, routers=routers
        )
        await app.start()
        running.append(app)
        bot = StreetBot(app, street, clock, transport, street_wechat)
        if isinstance(clock, FrozenClock) and app.followup is not None:
            # STREET_START is a morning: the first pass sends that morning's digests. Let it
            # run before the test speaks, or a report can race into a digest nobody expects.
            worker = app.followup
            await _until(lambda: worker.passes > 0 and worker.idle.is_set())
        return bot

    yield launch
    for app in running:
        await app.stop()


@pytest.fixture
async def street_bot(street_launch: StreetLauncher) -> StreetBot:
    return await street_launch()


ChatLauncher = Callable[..., Awaitable[StreetChat]]


@pytest.fixture
async def street_chat_launch(
    street: Street, street_settings: Settings
) -> AsyncIterator[ChatLauncher]:
    """Start bots of the street on the memory transport; each is stopped afterwards."""
    running: list[App] = []

    async def launch(
        *, settings: Settings | None = None, clock: FrozenClock | None = None
    ) -> StreetChat:
        transport, clock = MemoryTransport(), clock or FrozenClock(STREET_START)
        app = build_app(settings or street_settings, transport=transport, clock=clock)
        await transport.start(app.feed)  # no background tasks: the test drives time
        running.append(app)
        return StreetChat(app, street, clock, transport)

    yield launch
    for app in running:
        await app.stop()


@pytest.fixture
async def street_chat(street_chat_launch: ChatLauncher) -> StreetChat:
    return await street_chat_launch()
