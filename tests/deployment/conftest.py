"""What the deployment tests share: a feed that collects what a transport hands the bot, a
Wechaty transport connected to 梧桐街道's WeChat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.chat import Inbound, MemberJoin
from bot.transport.wechaty.transport import WechatyTransport
from tests.mock_wechat import MockWeChat

WAIT = 30.0  # bounds a hang on a busy machine; a passing test never waits this long


class Feed:
    """The transport's feed: keeps every event, in order, for the test to take."""

    def __init__(self) -> None:
        self.events: asyncio.Queue[Inbound | MemberJoin] = asyncio.Queue()

    async def __call__(self, event: Inbound | MemberJoin) -> None:
        await self.events.put(event)

    async def message(self) -> Inbound:
        async with asyncio.timeout(WAIT):
            event = await self.events.get()
        assert isinstance(event, Inbound), event
        return event


@pytest.fixture
async def feed() -> Feed:
    return Feed()


@pytest.fixture
async def transport(street_wechat: MockWeChat, feed: Feed) -> AsyncIterator[WechatyTransport]:
    """The Wechaty transport alone (no bot) on 梧桐街道's WeChat, feeding `feed`."""
    transport = WechatyTransport(
        endpoint=street_wechat.endpoint,
        token=street_wechat.token,
        login_timeout=WAIT,
        retry_initial=0.1,
    )
    await transport.start(feed)
    yield transport
    await transport.stop()
