"""The console and the chat in one running bot, in headless Chromium at a phone's width: the
simulator's people (the street's directory as `gridbot grid import` stored it) ask the bot
for a link, open it and see their own part of the grid; an action on the event desk shows
up in the group chat, as the chat command's would."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import BrowserContext, Page, expect
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.commands.run import make_web_app
from bot.config import Settings
from bot.transport.simulator.transport import SimulatorTransport
from bot.web.console.runtime import console_services
from models.crud.directory_export import stored_directory
from models.crud.event_queries import event_by_number
from models.states import CloseReason, EventState
from tests.console.test_console_browser import PHONE, fits_the_phone
from tests.handlers.closed_loop_steps import poll, worker_of
from tests.web.chromium import BROWSER_MARKS, chromium
from tests.web.test_simulator_browser import open_as

pytestmark = BROWSER_MARKS

expect.set_options(timeout=20_000)  # bounds a hang on a busy machine; times nothing
ROOM = "room-qingshan-3"
LINK = re.compile(r"https?://\S+/login/[\w-]+")


@dataclass
class Running:
    app: App
    url: str  # the bot's pages, and the public_url its links point to


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def running(
    street: Settings, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> AsyncIterator[Running]:
    """`gridbot run` with the simulator: its people are the directory the street imported."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = replace(
        street, transport="simulator", register=replace(street.register, public_url=url)
    )
    async with sessions() as session:
        directory = await stored_directory(session)
    simulator = SimulatorTransport(directory, bot_name=settings.bot.name, clock=clock)
    app = build_app(settings, transport=simulator, clock=clock)
    await app.start()
    await poll(worker_of(app).idle.is_set, "the follow-up worker never went idle")
    web_app = make_web_app(settings, simulator, console=console_services(app))
    try:
        async with TestServer(web_app, host="127.0.0.1", port=port):
            yield Running(app, url)
    finally:
        await app.stop()


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    async with chromium(tmp_path / "profile", viewport=PHONE) as context:
        yield context


async def ask_for_link(page: Page, word: str = "登录") -> str:
    await page.fill("#direct-input", word)
    await page.press("#direct-input", "Enter")
    answer = page.locator("#direct-messages .msg.bot").filter(has_text="/login/")
    await expect(answer).to_have_count(1)
    found = LINK.search(await answer.inner_text())
    assert found is not None
    return found[0]


async def open_link(browser: BrowserContext, link: str, heading: str) -> Page:
    page = await browser.new_page()
    await page.goto(link)
    await page.click("#login-button")
    await expect(page.locator("h1")).to_have_text(heading)
    return page


async def test_people_ask_the_bot_for_a_link_and_see_their_own_part_of_the_grid(
    browser: BrowserContext, running: Running
) -> None:
    grid_worker = await open_as(browser, running.url, "wxid_tangwei", ROOM)
    link = await ask_for_link(grid_worker)
    assert link.startswith(running.url + "/login/")
    console = await open_link(browser, link, "驾驶舱")
    await expect(console.locator("#viewer")).to_have_text("唐伟")
    await expect(console.locator("#houses")).to_contain_text("青山村8号")
    assert "流水巷2号" not in await console.content()
    await fits_the_phone(console)
    await console.goto(running.url + "/grid")
    assert "青山村3号" in await console.content() and "流水巷2号" not in await console.content()

    other = await open_as(browser, running.url, "wxid_baixue", "sim-room-liushui-2")
    console = await open_link(browser, await ask_for_link(other), "驾驶舱")
    await expect(console.locator("#viewer")).to_have_text("白雪")
    await expect(console.locator("#houses")).to_contain_text("流水巷2号")
    assert "青山村" not in await console.content()
    await console.goto(running.url + "/grid")
    assert "青山村" not in await console.content()

    stranger = await open_as(browser, running.url, "wxid_hewu", ROOM)  # property: no scope
    await stranger.fill("#direct-input", "登录")
    await stranger.press("#direct-input", "Enter")
    refusal = stranger.locator("#direct-messages .msg.bot")
    await expect(refusal).to_contain_text("名录中没有您负责的社区、网格、微网格或房屋")
    await expect(refusal.filter(has_text="/login/")).to_have_count(0)


async def test_an_action_on_the_desk_shows_up_in_the_group_chat(
    browser: BrowserContext, running: Running
) -> None:
    tenant = await open_as(browser, running.url, "sim-ye-tenant", ROOM)
    await tenant.fill("#group-input", "3幢201卫生间漏水了")
    await tenant.press("#group-input", "Enter")
    group = tenant.locator("#group-messages .msg.bot")
    await expect(group.filter(has_text="已登记 #2026-0001【漏水】")).to_have_count(1)

    landlord = await open_as(browser, running.url, "wxid_caolan", ROOM)  # writes English
    desk = await open_link(browser, await ask_for_link(landlord, "login"), "Dashboard")
    await desk.goto(running.url + "/console/events/2026-0001")
    await desk.click("#do-ack button")
    await expect(desk.locator("#notice")).to_have_text("Acknowledged 2026-0001.")
    await expect(desk.locator("#event-state")).to_have_text("Acknowledged")
    await fits_the_phone(desk)
    await expect(group.filter(has_text="#2026-0001【漏水】 已由 曹兰 接单")).to_have_count(1)
    own = landlord.locator("#direct-messages .msg.bot").filter(has_text="Acknowledged #2026-0001")
    await expect(own).to_have_count(1)  # her confirmation, as the chat command sends it

    await desk.fill("#do-resolve input[name=note]", "换了水管接头")
    await desk.click("#do-resolve button")
    await expect(desk.locator("#notice")).to_contain_text("2026-0001 is resolved")
    question = group.filter(has_text="问题解决了吗？")
    await expect(question).to_have_count(1)
    await expect(question.locator(".mention")).to_have_text("@叶子")

    await tenant.fill("#group-input", "修好了，谢谢")
    await tenant.press("#group-input", "Enter")
    await expect(group.filter(has_text="感谢确认！#2026-0001【漏水】 已办结。")).to_have_count(1)
    await desk.reload()
    await expect(desk.locator("#event-state")).to_have_text("Closed")
    await expect(desk.locator("#timeline li")).to_have_count(6)
    async with running.app.sessions() as session:
        event = await event_by_number(session, number="2026-0001")
    assert event is not None
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
