"""The closed loop through a real Wechaty puppet service over a mock WeChat: report →
assignment → acknowledge → resolve → reporter says no → reopened → resolved → reporter
says yes → closed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.config import Settings
from bot.transport.wechaty.transport import WechatyTransport
from models.event import Event
from models.states import CloseReason, EventState
from tests.handlers.conftest import START
from tests.handlers.leader_chat import CHEN_JING, SHIMA_10, WANG
from tests.puppet_fixture import MockWeChat, Sent

pytestmark = pytest.mark.puppet


@pytest.fixture
async def running_bot(settings: Settings, mock_wechat: MockWeChat) -> AsyncIterator[App]:
    transport = WechatyTransport(
        endpoint=mock_wechat.endpoint, token=mock_wechat.token, login_timeout=10, retry_initial=0.1
    )
    # Frozen at 10:00 Shanghai: outside quiet hours whenever the test runs.
    app = build_app(settings, transport=transport, clock=FrozenClock(START))
    await app.start()
    assert app.followup is not None
    await app.followup.idle.wait()  # its first pass sends this morning's digest before the report
    yield app
    await app.stop()


async def _next(mock_wechat: MockWeChat, count: int) -> tuple[list[Sent], list[Sent]]:
    """The next `count` messages, split into (group ones, direct ones)."""
    sent = [await mock_wechat.next_sent() for _ in range(count)]
    return [s for s in sent if s.room_id], [s for s in sent if s.to_id]


async def _event(app: App) -> Event:
    async with app.sessions() as session:
        [event] = (await session.exec(select(Event))).all()
        return event


async def test_no_reopens_then_yes_closes_through_the_puppet_service(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "10幢301卫生间漏水了")
    group, direct = await _next(mock_wechat, 2)
    assert "已登记 #2026-0001【漏水】" in group[0].text
    assert direct[0].to_id == WANG[0] and "回复“收到 2026-0001”接单" in direct[0].text

    await mock_wechat.say_to_bot(WANG[0], "收到")
    group, direct = await _next(mock_wechat, 2)
    assert group[0].text == "#2026-0001【漏水】 已由 王建国 接单，正在安排处理。"
    assert direct[0].text.startswith("已接单 #2026-0001【漏水】")

    await mock_wechat.say_to_bot(WANG[0], "已解决 换了水管接头")
    group, direct = await _next(mock_wechat, 2)
    assert group[0].mention_ids == (CHEN_JING[0],)
    assert "问题解决了吗？" in group[0].text
    assert (await _event(running_bot)).state is EventState.RESOLVED

    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "没有，还在滴水")
    group, direct = await _next(mock_wechat, 2)
    assert "已重新打开" in group[0].text
    assert (direct[0].to_id, "“还在滴水”" in direct[0].text) == (WANG[0], True)
    assert (await _event(running_bot)).state is EventState.REOPENED

    await mock_wechat.say_to_bot(WANG[0], "办结 重新换了密封圈")
    group, direct = await _next(mock_wechat, 2)
    assert "问题解决了吗？" in group[0].text

    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "好了，谢谢")
    group, direct = await _next(mock_wechat, 2)
    assert group[0].text.endswith("感谢确认！#2026-0001【漏水】 已办结。")
    assert direct[0].text.startswith("报告人 陈静 已确认 #2026-0001【漏水】 修好了")
    event = await _event(running_bot)
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
