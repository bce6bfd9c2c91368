"""The whole closed loop through a real Wechaty puppet service over a mock WeChat, with the
running follow-up worker on a frozen clock: report → assignment → no answer → reminder →
escalation → acknowledge → resolve → reporter says no → reopened → resolved → reporter
says yes → closed, then `gridbot report` (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.transport.wechaty.transport import WechatyTransport
from models.states import CloseReason, EventState
from tests.handlers.closed_loop_steps import (
    closed_as_fixed_lines,
    gridbot_report,
    migrated_settings,
    start_and_settle,
    the_event,
    worker_pass_at,
)
from tests.handlers.conftest import START
from tests.handlers.leader_chat import CHEN_JING, CHEN_XIAOWEI, SHIMA_10, WANG
from tests.puppet_fixture import MockWeChat, Sent

pytestmark = pytest.mark.puppet


@pytest.fixture
async def clock() -> FrozenClock:
    return FrozenClock(START)  # 10:00 Shanghai on a Wednesday: outside quiet hours


@pytest.fixture
async def running_bot(
    db_url: str, mock_wechat: MockWeChat, clock: FrozenClock
) -> AsyncIterator[App]:
    transport = WechatyTransport(
        endpoint=mock_wechat.endpoint, token=mock_wechat.token, login_timeout=10, retry_initial=0.1
    )
    app = build_app(await migrated_settings(db_url), transport=transport, clock=clock)
    await start_and_settle(app)
    yield app
    await app.stop()


async def _take(mock_wechat: MockWeChat, count: int) -> tuple[list[Sent], list[Sent]]:
    """The next `count` messages, split into (group ones, direct ones)."""
    sent = [await mock_wechat.next_sent() for _ in range(count)]
    return [s for s in sent if s.room_id], [s for s in sent if s.to_id]


async def _at(app: App, clock: FrozenClock, mock_wechat: MockWeChat, hours: float) -> list[Sent]:
    """The worker's pass at START + `hours` and the direct messages it sent."""
    queued = (await worker_pass_at(app, clock, hours)).queued
    group, direct = await _take(mock_wechat, queued)
    assert group == []
    return direct


async def test_the_loop_closes_through_the_puppet_service_and_the_report_counts_it(
    mock_wechat: MockWeChat,
    running_bot: App,
    clock: FrozenClock,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = running_bot
    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "10幢301卫生间漏水了")
    group, direct = await _take(mock_wechat, 2)
    assert "已登记 #2026-0001【漏水】" in group[0].text
    assert direct[0].to_id == WANG[0] and "回复“收到 2026-0001”接单" in direct[0].text

    assert await _at(app, clock, mock_wechat, 0.75) == []  # a leak: an hour to acknowledge
    [first] = await _at(app, clock, mock_wechat, 1)
    assert first.to_id == WANG[0] and first.text.startswith("⏰ 催办（第1次）")
    [second] = await _at(app, clock, mock_wechat, 2)
    assert second.to_id == WANG[0] and second.text.startswith("⏰ 催办（第2次）")
    escalated = [s for s in await _at(app, clock, mock_wechat, 3) if s.to_id == CHEN_XIAOWEI[0]]
    [escalation] = escalated
    assert escalation.text.startswith("⬆️ 事件升级至微网格员：#2026-0001 漏水")
    assert escalation.text.count("催办提醒") == 2
    assert mock_wechat.sent.count(first) == 1  # each reminder went out once

    clock.set(START + timedelta(hours=3, minutes=15))
    await mock_wechat.say_to_bot(WANG[0], "收到")
    group, direct = await _take(mock_wechat, 2)
    assert group[0].text == "#2026-0001【漏水】 已由 王建国 接单，正在安排处理。"
    assert direct[0].text.startswith("已接单 #2026-0001【漏水】")

    clock.set(START + timedelta(hours=3, minutes=30))
    await mock_wechat.say_to_bot(WANG[0], "已解决 换了水管接头")
    group, direct = await _take(mock_wechat, 2)
    assert group[0].mention_ids == (CHEN_JING[0],) and "问题解决了吗？" in group[0].text
    assert (await the_event(app)).state is EventState.RESOLVED

    clock.set(START + timedelta(hours=4))
    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "没有，还在漏")
    group, direct = await _take(mock_wechat, 2)
    assert "已重新打开" in group[0].text
    assert (direct[0].to_id, "“还在漏”" in direct[0].text) == (WANG[0], True)
    assert (await the_event(app)).state is EventState.REOPENED
    assert await _at(app, clock, mock_wechat, 4.5) == []  # a fresh resolve deadline

    clock.set(START + timedelta(hours=5))
    await mock_wechat.say_to_bot(WANG[0], "已解决 重新打了胶")
    group, direct = await _take(mock_wechat, 2)
    assert "问题解决了吗？" in group[0].text

    clock.set(START + timedelta(hours=6))
    await mock_wechat.say_in_room(SHIMA_10, CHEN_JING[0], "修好了，谢谢")
    group, direct = await _take(mock_wechat, 2)
    assert group[0].text.endswith("感谢确认！#2026-0001【漏水】 已办结。")
    assert direct[0].text.startswith("报告人 陈静 已确认 #2026-0001【漏水】 修好了")
    event = await the_event(app)
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
    assert await _at(app, clock, mock_wechat, 100) == []  # closed: nothing left to say

    capsys.readouterr()
    assert await gridbot_report(db_url, monkeypatch) == 0
    printed = capsys.readouterr().out.splitlines()
    for line in closed_as_fixed_lines(acknowledge="3h15m", close="6h00m"):
        assert line in printed
