"""The whole bot (build_app) on a real Wechaty puppet service, with a probe router.

`launch()` starts an App whose WechatyTransport is connected to `mock_wechat`, on a
database (SQLite and PostgreSQL) holding the demo directory. The probe router records
what each handler was given, so a test waits for a handler instead of sleeping.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.app import App, build_app
from bot.chat import Inbound
from bot.clock import SystemClock
from bot.config import Settings, load_settings
from bot.dispatch.filters import in_direct, text_matches
from bot.dispatch.outbound import Outbound, ToPerson, reply
from bot.dispatch.participants import Chat, Sender
from bot.dispatch.router import Router
from bot.outbox import OutboxPolicy
from bot.render import TEMPLATES_DIR, Renderer
from bot.transport.wechaty.transport import WechatyTransport
from models.crud.directory_sync import sync_directory
from models.db import sessionmaker
from models.messaging import InboundMessage, Outbox
from tests.puppet_fixture import MockWeChat

REPO = Path(__file__).resolve().parents[2]
TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"
WAIT = 10.0  # generous for a busy machine; a passing test never waits this long

ROOM, TOPIC = "room-shima-10", "石马10幢房东群"
TENANT, TENANT_NAME = "wxid_chenjing", "陈静"
LANDLORD, LANDLORD_NAME = "wxid_wangjianguo", "王建国"
ENGLISH_TENANT = "wxid_nattapong"

# Short enough that a test sees a retry within a second, long enough that stopping an
# app just after a failed send never lands in the next claim (see test_puppet_app).
RETRY = OutboxPolicy(first_retry=timedelta(seconds=0.5), max_retry=timedelta(seconds=1))


@dataclass(frozen=True, slots=True)
class Seen:
    """What a probe handler was given."""

    handler: str
    inbound: Inbound
    sender: Sender
    chat: Chat
    mentions: tuple[str, ...]


class Probe:
    """The test router: crash on "崩溃", relay "转告…" to the landlord, else acknowledge."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self._arrived = asyncio.Queue[Seen]()
        self.router = Router("probe")
        self.router.add(self._crash, text_matches("崩溃"))
        self.router.add(self._relay, text_matches(r"转告(?P<what>.+)"))
        self.router.add(self._answer_direct, in_direct)
        self.router.add(self._acknowledge)

    async def next(self) -> Seen:
        async with asyncio.timeout(WAIT):
            return await self._arrived.get()

    def _saw(
        self,
        handler: str,
        inbound: Inbound,
        sender: Sender,
        chat: Chat,
        mentions: tuple[str, ...] = (),
    ) -> None:
        seen = Seen(handler, inbound, sender, chat, mentions)
        self.seen.append(seen)
        self._arrived.put_nowait(seen)

    def _crash(self, inbound: Inbound, sender: Sender, chat: Chat) -> None:
        self._saw("crash", inbound, sender, chat)
        raise RuntimeError("the probe handler crashed on purpose")

    def _relay(self, inbound: Inbound, sender: Sender, chat: Chat, what: str) -> list[Outbound]:
        self._saw("relay", inbound, sender, chat)
        context = {"name": sender.name, "what": what}
        relayed = Outbound("relay", ToPerson(LANDLORD), context)  # language from the register
        return [reply(inbound, "heard", {"name": sender.name, "text": "已转告"}), relayed]

    def _answer_direct(self, inbound: Inbound, sender: Sender, chat: Chat) -> Outbound:
        self._saw("direct", inbound, sender, chat)
        return reply(inbound, "heard", {"name": sender.name, "text": inbound.text})

    def _acknowledge(
        self, inbound: Inbound, sender: Sender, chat: Chat, mentions: tuple[str, ...]
    ) -> Outbound:
        self._saw("acknowledge", inbound, sender, chat, mentions)
        context = {"name": sender.name, "text": inbound.text}
        return reply(inbound, "heard", context, lang=sender.lang)


@dataclass
class PuppetBot:
    app: App
    transport: WechatyTransport
    probe: Probe

    async def outbox(self) -> list[Outbox]:
        async with self.app.sessions() as session:
            return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())

    async def inbound_log(self) -> list[InboundMessage]:
        await self.app.pipeline.write_chatter(all_waiting=True)
        async with self.app.sessions() as session:
            query = select(InboundMessage).order_by(col(InboundMessage.id))
            return list((await session.exec(query)).all())


Launch = Callable[..., Awaitable[PuppetBot]]


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll `check` until it holds; fail naming `what` after WAIT seconds."""
    try:
        async with asyncio.timeout(WAIT):
            # The database has no event to wait on: poll it.
            while not await check():  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"not within {WAIT:g} s: {what}") from None


async def until_logged(transport: WechatyTransport, *, logged_in: bool) -> None:
    async with asyncio.timeout(WAIT):
        await transport.wait_until(logged_in=logged_in)


@pytest.fixture
async def settings(engine: AsyncEngine, db_url: str, mock_wechat: MockWeChat) -> Settings:
    """Production settings (transport wechaty) on a database holding the demo directory."""
    environ = {
        "GRIDBOT_DATABASE_URL": db_url,
        "GRIDBOT_TRANSPORT": "wechaty",
        "GRIDBOT_WECHATY_ENDPOINT": mock_wechat.endpoint,
        "GRIDBOT_WECHATY_TOKEN": mock_wechat.token,
        "GRIDBOT_SECRET_KEY": "an-operator-secret-for-the-tests",
    }
    settings = load_settings(str(REPO / "config.example.toml"), environ=environ)
    async with sessionmaker(engine)() as session, session.begin():
        await sync_directory(session, directory=settings.directory)
    return settings


@pytest.fixture
async def launch(settings: Settings) -> AsyncIterator[Launch]:
    """Start a whole bot on the mock WeChat; every one started is stopped afterwards."""
    running: list[App] = []

    async def start(transport_type: type[WechatyTransport] = WechatyTransport) -> PuppetBot:
        token = settings.wechaty.token
        assert token is not None
        transport = transport_type(
            endpoint=settings.wechaty.endpoint,
            token=token.reveal(),
            login_timeout=WAIT,
            retry_initial=0.05,
            retry_max=0.5,
        )
        probe = Probe()
        app = build_app(
            settings,
            transport=transport,
            clock=SystemClock(),
            routers=[probe.router],
            renderer=Renderer(TEST_TEMPLATES, TEMPLATES_DIR),
            outbox_policy=RETRY,
        )
        await app.start()
        running.append(app)
        return PuppetBot(app, transport, probe)

    yield start
    for app in running:
        await app.stop()
