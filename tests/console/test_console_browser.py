"""The console in headless Chromium, at a phone's width: sign in with a link printed by
`gridbot login-link`, see one's own part of the grid and not another's, charts drawn with
the expected numbers, refusals when signed out, no simulator with the WeChat transport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import BrowserContext, Page, ViewportSize, expect
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.commands.run import make_web_app
from bot.config import Settings
from bot.transport.wechaty.transport import WechatyTransport
from bot.web.console.services import ConsoleServices
from tests.console.support import PUBLIC_URL, START, console_app, seed
from tests.console.test_sign_in import protected_paths
from tests.street_fixture import CliRun
from tests.web.chromium import BROWSER_MARKS, chromium

pytestmark = BROWSER_MARKS

expect.set_options(timeout=20_000)  # bounds a hang on a busy machine; times nothing
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    async with chromium(tmp_path / "profile", viewport=PHONE) as context:
        yield context


@pytest.fixture
async def base_url(
    console_settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> AsyncIterator[str]:
    await seed(sessions, START)
    app = console_app(console_settings, sessions, clock)
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("")).rstrip("/")


@pytest.fixture
def printed_link(
    street_gridbot: Callable[..., Awaitable[CliRun]], base_url: str
) -> Callable[[str], Awaitable[str]]:
    """`gridbot login-link KEY` as an operator runs it; the link, on the test's server."""

    async def link(key: str) -> str:
        run = await street_gridbot("login-link", key)
        assert run.status == 0, run.err
        [url] = [line for line in run.out.splitlines() if "/login/" in line]
        return url.strip().replace(PUBLIC_URL, base_url)

    return link


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url)
    await page.click("#login-button")
    await expect(page.locator("h1")).to_have_text("驾驶舱")


async def fits_the_phone(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


async def chart_option(page: Page, chart: str) -> Any:
    await expect(page.locator(f"#{chart}")).to_have_attribute("data-drawn", "true")
    return await page.evaluate(
        f"echarts.getInstanceByDom(document.getElementById('{chart}')).getOption()"
    )


async def test_a_printed_link_signs_in_to_ones_own_scope_with_charts_that_draw(
    browser: BrowserContext, base_url: str, printed_link: Callable[[str], Awaitable[str]]
) -> None:
    page = await browser.new_page()
    await sign_in(page, await printed_link("xu-wenjuan"))
    await expect(page.locator("#viewer")).to_have_text("许文娟")
    await expect(page.locator('[data-figure="total"]')).to_have_text("6")
    await expect(page.locator("#houses")).to_contain_text("清水湾9栋、11栋")
    assert "兰亭2号楼" not in await page.content()
    await fits_the_phone(page)

    closure = await chart_option(page, "chart-closure")
    drawn = {d["reason"]: d["value"] for d in closure["series"][0]["data"]}
    assert drawn == {"fixed": 3, "fixed_unconfirmed": 1, "open": 2}
    weeks = await chart_option(page, "chart-weeks")
    bars = [s for s in weeks["series"] if s["type"] == "bar"]
    assert sum(sum(s["data"]) for s in bars) == 6
    assert {s["name"]: sum(s["data"]) for s in bars} == {
        "漏水": 2,
        "下水道堵塞": 1,
        "噪音扰民": 1,
        "报修": 1,
        "停车": 1,
    }
    houses = await chart_option(page, "chart-houses")
    cells = {cell[3]: cell[2] for cell in houses["series"][0]["data"]}
    assert cells == {"清水湾3号楼": 3, "清水湾7幢": 1, "清水湾9栋、11栋": 1, "清水湾15号楼": 1}

    await page.click("text=事件台")
    await expect(page.locator(".event")).to_have_count(6)
    await fits_the_phone(page)
    await page.select_option("#f-place", "qs-3")
    await page.check("#f-overdue")
    await page.click("#filters button[type=submit]")
    await expect(page.locator(".event")).to_have_count(1)
    await page.click(".event .number")
    await expect(page.locator("#timeline li")).to_have_count(2)  # reported, assigned
    await expect(page.locator("#place-house")).to_contain_text("清水湾3号楼")
    await fits_the_phone(page)

    await page.click("text=考核")
    await page.fill("#month", "2026-11")
    await page.click("#month-form button[type=submit]")
    await expect(page.locator("#scores-landlord_grid tbody tr")).to_have_count(4)
    await fits_the_phone(page)
    for path in ("/grid", "/register"):
        await page.goto(base_url + path)
        await fits_the_phone(page)
        assert "兰亭2号楼" not in await page.content()


async def test_another_community_sees_its_own_and_not_this_one(
    browser: BrowserContext, base_url: str, printed_link: Callable[[str], Awaitable[str]]
) -> None:
    page = await browser.new_page()
    await sign_in(page, await printed_link("qin-hai"))  # micro-grid worker of 兰亭社区
    await expect(page.locator('[data-figure="total"]')).to_have_text("3")
    await expect(page.locator("#houses")).to_contain_text("兰亭2号楼")
    assert "清水湾" not in await page.content()
    closure = await chart_option(page, "chart-closure")
    assert {d["reason"]: d["value"] for d in closure["series"][0]["data"]} == {
        "fixed": 2,
        "open": 1,
    }
    await page.goto(base_url + "/console/events")
    await expect(page.locator(".event")).to_have_count(3)


async def test_signed_out_every_console_grid_and_register_page_is_refused(
    browser: BrowserContext, base_url: str
) -> None:
    page = await browser.new_page()
    for path in protected_paths():
        response = await page.goto(base_url + path)
        assert response is not None and response.status == 401, path
        await expect(page.locator("#refused")).to_have_attribute("data-reason", "signed_out")
    await page.goto(base_url + "/console/sign-in")
    await expect(page.locator("#sign-in")).to_contain_text("登录")
    await fits_the_phone(page)


async def test_the_simulator_is_absent_with_the_wechaty_transport(
    browser: BrowserContext, console_settings: Settings,
    sessions: async_sessionmaker[AsyncSession], clock: FrozenClock,
) -> None:  # fmt: skip
    transport = WechatyTransport(endpoint="127.0.0.1:9", token="insecure_test")  # never started
    console = ConsoleServices(sessions=sessions, settings=console_settings, clock=clock)
    app = make_web_app(console_settings, transport, console=console)
    async with TestServer(app, host="127.0.0.1") as server:
        page = await browser.new_page()
        response = await page.goto(str(server.make_url("/")))
        assert response is not None and response.status == 401  # led to the console, refused
        assert page.url.endswith("/console")
        assert await page.locator("#identity").count() == 0  # no simulator picker
        socket = await page.goto(str(server.make_url("/ws")))
        assert socket is not None and socket.status == 404
