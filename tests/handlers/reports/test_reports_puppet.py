"""The main intake path through a real Wechaty puppet service over a mock WeChat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.config import Settings
from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from bot.transport.wechaty.transport import WechatyTransport
from tests.handlers.conftest import START
from tests.handlers.reports.test_reports import CHEN_JING, SHIMA_10, WANG
from tests.puppet_fixture import MockWeChat, Sent

pytestmark = pytest.mark.puppet


@pytest.fixture
async def running_bot(settings: Settings, mock_wechat: MockWeChat) -> AsyncIterator[App]:
    transport = WechatyTransport(
        endpoint=mock_wechat.endpoint, token=mock_wechat.token, login_timeout=10, retry_initial=0.1
    )
    app = build_app(
        settings, transport=transport, clock=FrozenClock(START)
    )  # daytime: nothing waits for the night
    await app.start()
    yield app
    await app.stop()


async def test_a_report_in_a_room_gets_a_group_reply_and_the_leader_a_direct_message(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "10幢2单元301卫生间漏水")
    async with asyncio.timeout(20):
        group, direct = await mock_wechat.next_sent(), await mock_wechat.next_sent()

    assert (group.room_id, group.mention_ids) == (SHIMA_10, (CHEN_JING[0],))
    mention = f"@{CHEN_JING[1]}{MENTION_SEPARATOR}"
    ack = "已登记 #2026-0001【漏水】石马社区10幢2单元301室\n由 王建国 负责"
    assert group.text.startswith(mention + ack)
    assert (direct.to_id, direct.room_id) == (WANG, None)
    assert "报告人：陈静" in direct.text
    assert "原文：“10幢2单元301卫生间漏水”" in direct.text


async def test_chatter_in_a_room_gets_nothing_and_a_later_report_still_does(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "大家晚上好")
    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "楼道灯坏了，麻烦报修")
    async with asyncio.timeout(20):
        first = await mock_wechat.next_sent()
    assert first.room_id == SHIMA_10 and "【报修】" in first.text
    assert isinstance(first, Sent)
