"""梧桐街道 on both channels in one app, on one database: its WeChat (the puppet service,
tests/puppet_fixture.py) as account "main" and its staff's WeCom work groups (the local
robot service, tests/wecom/server.py) as account "wecom".

    async def test_x(both: BothChannels) -> None:
        await both.wecom.say(DAI, "@梧桐小助手 绑定 清水湾3号楼", chat_id=QS3_WORK)
        [bound] = await both.wecom_sent(1)
        await both.wechat.say_in_room(room, contact, "502卫生间漏水了")
        ack, assignment = await both.wechat_sent(2)

WeCom ids are stored with the account in front ("wecom:daiguohua", bot/accounts.py); the
robot service and the tests use WeCom's own.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlmodel import col, select

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.config import Secret, Settings
from bot.config.settings import AccountSettings, WecomSettings
from bot.outbox import OutboxPolicy
from bot.transport.accounts import AccountTransports
from bot.transport.wechaty.transport import WechatyTransport
from bot.transport.wecom.transport import WecomTransport
from models.crud.bindings import bind_grid
from models.crud.grid import landlord_grid_by_code
from models.crud.people import link_contact, person_by_key
from models.event import Event
from tests.mock_wechat import MockWeChat
from tests.mock_wechat import Sent as WeChatSent
from tests.street import Street
from tests.street_fixture import STREET_START, WAIT
from tests.wecom.conftest import BOT_ID, SECRET
from tests.wecom.server import Sent as WecomSent
from tests.wecom.server import WecomEndpoint

# 梧桐街道's WeCom: staff and landlord grid leaders by their WeCom userid, and the work
# group of 清水湾3号楼 (its leader 戴国华, the micro-grid worker 蔡敏).
DAI, CAI, PENG = "daiguohua", "caimin", "pengshufen"
QS3_WORK = "wrkSFfCgAAgg8ZkP0QoWk2uQ"
ROBOT = "@梧桐小助手 "  # how a member @s the robot in a WeCom group


def stored(wecom_id: str) -> str:
    return f"wecom:{wecom_id}"


@dataclass
class BothChannels:
    app: App
    street: Street
    clock: FrozenClock
    wechat: MockWeChat
    wecom: WecomEndpoint
    wecom_transport: WecomTransport

    async def wechat_sent(self, count: int) -> list[WeChatSent]:
        async with asyncio.timeout(WAIT):
            return [await self.wechat.next_sent() for _ in range(count)]

    async def wecom_sent(self, count: int) -> list[WecomSent]:
        return [await self.wecom.next_sent() for _ in range(count)]

    async def link(self, key: str, wecom_id: str) -> None:
        """Tie directory person `key` to their WeCom account, as their invite code would."""
        async with self.app.sessions() as session, session.begin():
            person = await person_by_key(session, key=key)
            assert person is not None and person.id is not None, key
            await link_contact(
                session, person_id=person.id, contact_id=stored(wecom_id), account="wecom"
            )

    async def bind(self, house: str, chat_id: str) -> None:
        """Bind WeCom group `chat_id` to `house`, as its leader's "@robot 绑定 …" would."""
        async with self.app.sessions() as session, session.begin():
            grid = await landlord_grid_by_code(session, code=house)
            assert grid is not None, house
            await bind_grid(
                session,
                chat_id=stored(chat_id),
                landlord_grid=grid,
                by_id=grid.leader_id,
                now=self.clock.now(),
            )

    async def events(self) -> list[Event]:
        async with self.app.sessions() as session:
            return list((await session.exec(select(Event).order_by(col(Event.id)))).all())


def both_settings(settings: Settings, url: str) -> Settings:
    wecom = WecomSettings(bot_id=BOT_ID, secret=Secret(SECRET), url=url)
    return dataclasses.replace(
        settings,
        accounts=(
            AccountSettings("main", "wechaty", wechaty=settings.wechaty),
            AccountSettings("wecom", "wecom", wecom=wecom),
        ),
    )


Launcher = Callable[..., Awaitable[BothChannels]]


@pytest.fixture
async def both_launch(
    street: Street,
    street_settings: Settings,
    street_wechat: MockWeChat,
    wecom: WecomEndpoint,
) -> AsyncIterator[Launcher]:
    """Start the street's bot on both channels (`outbox_policy`: its own pacing); it is
    stopped after the test."""
    running: list[App] = []

    async def launch(*, outbox_policy: OutboxPolicy | None = None) -> BothChannels:
        bot = await _launch(street, street_settings, street_wechat, wecom, outbox_policy)
        running.append(bot.app)
        return bot

    yield launch
    for app in running:
        await app.stop()


@pytest.fixture
async def both(both_launch: Launcher) -> BothChannels:
    return await both_launch()


async def _launch(
    street: Street,
    street_settings: Settings,
    street_wechat: MockWeChat,
    wecom: WecomEndpoint,
    outbox_policy: OutboxPolicy | None,
) -> BothChannels:
    clock = FrozenClock(STREET_START)
    wechat = WechatyTransport(
        endpoint=street_wechat.endpoint,
        token=street_wechat.token,
        login_timeout=WAIT,
        retry_initial=0.05,
        retry_max=0.5,
    )
    robot = WecomTransport(
        url=wecom.url,
        bot_id=BOT_ID,
        secret=SECRET,
        clock=clock,
        retry_initial=0.01,
        retry_max=0.1,
        connect_timeout=WAIT,
        bot_name=street_settings.bot.name,
    )
    transport = AccountTransports({"main": wechat, "wecom": robot})
    settings = both_settings(street_settings, wecom.url)
    app = build_app(settings, transport=transport, clock=clock, outbox_policy=outbox_policy)
    await app.start()
    return BothChannels(app, street, clock, street_wechat, wecom, robot)
