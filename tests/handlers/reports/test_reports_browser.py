"""The real app on the simulator in headless Chromium: a report, its reply, the assignment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import BrowserContext, expect

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.commands.run import make_transport, make_web_app
from bot.config import Settings
from tests.handlers.conftest import START
from tests.handlers.reports.test_reports import CHEN_JING, SHIMA_10, WANG
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


@pytest.fixture
async def base_url(settings: Settings) -> AsyncIterator[str]:
    simulated = replace(settings, transport="simulator")
    clock = FrozenClock(START)  # daytime: nothing waits for the night
    transport = make_transport(simulated, clock)
    app: App = build_app(simulated, transport=transport, clock=clock)
    await app.start()
    server = TestServer(make_web_app(simulated, transport), host="127.0.0.1")
    try:
        async with server:
            yield str(server.make_url("/"))
    finally:
        await app.stop()


async def test_a_report_in_the_simulator_gets_the_group_reply_and_the_leader_the_assignment(
    browser: BrowserContext, base_url: str
) -> None:
    tenant = await open_as(browser, base_url, CHEN_JING[0], SHIMA_10)
    await tenant.fill("#group-input", "10幢2单元301卫生间漏水")
    await tenant.press("#group-input", "Enter")
    reply = tenant.locator("#group-messages .msg.bot")
    await expect(reply).to_contain_text("已登记 #2026-0001【漏水】石马社区10幢2单元301室")
    await expect(reply).to_contain_text("由 王建国 负责")
    await expect(reply.locator(".mention")).to_have_text("@陈静")

    leader = await open_as(browser, base_url, WANG, SHIMA_10)
    assignment = leader.locator("#direct-messages .msg.bot")
    await expect(assignment).to_contain_text("新事件 #2026-0001：漏水")
    await expect(assignment).to_contain_text("报告人：陈静")
    await expect(assignment).to_contain_text("回复“收到 2026-0001”接单")
