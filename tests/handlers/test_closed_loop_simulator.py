"""The whole closed loop in the simulator, driven as people do through its page in headless
Chromium, with the running follow-up worker on a frozen clock the test moves: report →
assignment → no answer → reminder → escalation → acknowledge → resolve → reporter says no
→ reopened → resolved → reporter says yes → closed, then `gridbot report` (SQLite and
PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import BrowserContext, Locator, Page, expect

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.commands.run import make_transport, make_web_app
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
from tests.web.chromium import CHROMIUM, INSTALLED, REQUIRED
from tests.web.test_simulator_browser import browser as browser  # the Chromium fixture
from tests.web.test_simulator_browser import open_as

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not INSTALLED and not REQUIRED,
        reason=f"{CHROMIUM} is missing: `make browser-deps` installs it",
    ),
]
expect.set_options(timeout=20_000)  # bounds a hang on a busy machine; nothing is timed


@dataclass
class Simulated:
    app: App
    clock: FrozenClock
    url: str


@pytest.fixture
async def simulated(db_url: str) -> AsyncIterator[Simulated]:
    settings = replace(await migrated_settings(db_url), transport="simulator")
    clock = FrozenClock(START)  # 10:00 Shanghai on a Wednesday: outside quiet hours
    transport = make_transport(settings, clock)
    app = build_app(settings, transport=transport, clock=clock)
    await start_and_settle(app)
    server = TestServer(make_web_app(settings, transport), host="127.0.0.1")
    try:
        async with server:
            yield Simulated(app, clock, str(server.make_url("/")))
    finally:
        await app.stop()


async def send(page: Page, pane: str, text: str) -> None:
    """Type into the group (`pane="group"`) or direct chat box and press Enter."""
    await page.fill(f"#{pane}-input", text)
    await page.press(f"#{pane}-input", "Enter")
    await expect(page.locator(f"#{pane}-messages .msg.own").last).to_contain_text(text)


def from_bot(page: Page, pane: str, text: str) -> Locator:
    return page.locator(f"#{pane}-messages .msg.bot").filter(has_text=text)


async def test_the_loop_closes_in_the_simulator_page_and_the_report_counts_it(
    browser: BrowserContext,
    simulated: Simulated,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app, clock, url = simulated.app, simulated.clock, simulated.url
    tenant = await open_as(browser, url, CHEN_JING[0], SHIMA_10)
    leader = await open_as(browser, url, WANG[0], SHIMA_10)
    worker = await open_as(browser, url, CHEN_XIAOWEI[0], SHIMA_10)

    await send(tenant, "group", "10幢301卫生间漏水了")
    await expect(from_bot(tenant, "group", "已登记 #2026-0001【漏水】")).to_have_count(1)
    await expect(from_bot(leader, "direct", "回复“收到 2026-0001”接单")).to_have_count(1)

    assert (await worker_pass_at(app, clock, 0.75)).queued == 0  # an hour to acknowledge
    assert (await worker_pass_at(app, clock, 1)).queued == 1
    await expect(from_bot(leader, "direct", "催办（第1次）")).to_have_count(1)
    assert (await worker_pass_at(app, clock, 2)).queued == 1
    await expect(from_bot(leader, "direct", "催办（第2次）")).to_have_count(1)
    await worker_pass_at(app, clock, 3)
    escalation = from_bot(worker, "direct", "事件升级至微网格员：#2026-0001 漏水")
    await expect(escalation).to_have_count(1)
    await expect(escalation).to_contain_text("催办提醒")
    await expect(from_bot(leader, "direct", "催办")).to_have_count(2)  # none sent twice
    await expect(from_bot(worker, "direct", "催办（")).to_have_count(0)  # reminders: the leader's
    await expect(tenant.locator("#direct-messages .msg.bot")).to_have_count(0)

    clock.set(START + timedelta(hours=3, minutes=15))
    await send(leader, "direct", "收到")
    await expect(from_bot(leader, "direct", "已接单 #2026-0001【漏水】")).to_have_count(1)
    await expect(from_bot(tenant, "group", "已由 王建国 接单，正在安排处理")).to_have_count(1)

    clock.set(START + timedelta(hours=3, minutes=30))
    await send(leader, "direct", "已解决 换了水管接头")
    question = from_bot(tenant, "group", "问题解决了吗？")
    await expect(question).to_have_count(1)
    await expect(question.locator(".mention")).to_have_text("@陈静")
    assert (await the_event(app)).state is EventState.RESOLVED

    clock.set(START + timedelta(hours=4))
    await send(tenant, "group", "没有，还在漏")
    await expect(from_bot(tenant, "group", "已重新打开")).to_have_count(1)
    await expect(from_bot(leader, "direct", "“还在漏”")).to_have_count(1)
    assert (await the_event(app)).state is EventState.REOPENED
    assert (await worker_pass_at(app, clock, 4.5)).queued == 0  # a fresh resolve deadline

    clock.set(START + timedelta(hours=5))
    await send(leader, "direct", "已解决 重新打了胶")
    await expect(question).to_have_count(2)

    clock.set(START + timedelta(hours=6))
    await send(tenant, "group", "修好了，谢谢")
    thanks = from_bot(tenant, "group", "感谢确认！#2026-0001【漏水】 已办结。")
    await expect(thanks).to_have_count(1)
    await expect(from_bot(leader, "direct", "报告人 陈静 已确认")).to_have_count(1)
    event = await the_event(app)
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
    assert (await worker_pass_at(app, clock, 100)).queued == 0  # closed: nothing left to say

    capsys.readouterr()
    assert await gridbot_report(db_url, monkeypatch) == 0
    printed = capsys.readouterr().out.splitlines()
    for line in closed_as_fixed_lines(acknowledge="3h15m", close="6h00m"):
        assert line in printed
