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
from models.crud.bindings import bind_grid
from models.crud.directory_export import stored_directory
from models.crud.event_queries import event_by_number
from models.crud.grid import landlord_grid_by_code
from models.crud.people import link_contact, person_by_key
from models.states import CloseReason, EventState
from tests.console.test_console_browser import PHONE, fits_the_phone
from tests.handlers.closed_loop_steps import poll, worker_of
from tests.street import Street
from tests.web.chromium import BROWSER_MARKS, chromium
from tests.web.test_simulator_browser import open_as

pytestmark = BROWSER_MARKS

expect.set_options(timeout=20_000)  # bounds a hang on a busy machine; times nothing
ROOM = "sim-room-qs-3"  # 清水湾3号楼's group in the simulator, bound before it starts
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
    street: Street,
    street_settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> AsyncIterator[Running]:
    """`gridbot run` with the simulator: its people are the directory the street imported,
    the staff linked to their WeChat accounts (the tenants are the simulator's own)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = replace(
        street_settings,
        transport="simulator",
        register=replace(street_settings.register, public_url=url),
    )
    async with sessions() as session, session.begin():
        for contact_id, key in [*street.owners.items(), ("wxid_qingshui_wuye", "qingshui-wuye")]:
            person = await person_by_key(session, key=key)
            assert person is not None and person.id is not None
            if "tenant" not in person.roles:
                await link_contact(session, person_id=person.id, contact_id=contact_id)
        house = await landlord_grid_by_code(session, code="qs-3")
        assert house is not None
        await bind_grid(
            session, chat_id=ROOM, landlord_grid=house, by_id=house.leader_id, now=clock.now()
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
    grid_worker = await open_as(browser, running.url, "wxid_panzy", ROOM)
    link = await ask_for_link(grid_worker)
    assert link.startswith(running.url + "/login/")
    console = await open_link(browser, link, "驾驶舱")
    await expect(console.locator("#viewer")).to_have_text("潘志远")
    await expect(console.locator("#houses")).to_contain_text("清水湾9栋、11栋")
    assert "兰亭2号楼" not in await console.content()
    await fits_the_phone(console)
    await console.goto(running.url + "/grid")
    assert "清水湾3号楼" in await console.content() and "兰亭2号楼" not in await console.content()

    other = await open_as(browser, running.url, "wxid_qinhai", "sim-room-lt-2")
    console = await open_link(browser, await ask_for_link(other), "驾驶舱")
    await expect(console.locator("#viewer")).to_have_text("覃海")
    await expect(console.locator("#houses")).to_contain_text("兰亭2号楼")
    assert "清水湾" not in await console.content()
    await console.goto(running.url + "/grid")
    assert "清水湾" not in await console.content()

    stranger = await open_as(browser, running.url, "wxid_qingshui_wuye", ROOM)  # no scope
    await stranger.fill("#direct-input", "登录")
    await stranger.press("#direct-input", "Enter")
    refusal = stranger.locator("#direct-messages .msg.bot")
    await expect(refusal).to_contain_text("名录中没有您负责的社区、网格、微网格或房屋")
    await expect(refusal.filter(has_text="/login/")).to_have_count(0)


async def test_an_action_on_the_desk_shows_up_in_the_group_chat(
    browser: BrowserContext, running: Running
) -> None:
    tenant = await open_as(browser, running.url, "sim-zhou-xiaomei", ROOM)
    await tenant.fill("#group-input", "3号楼201卫生间漏水了")
    await tenant.press("#group-input", "Enter")
    group = tenant.locator("#group-messages .msg.bot")
    await expect(group.filter(has_text="已登记 #2026-0001【漏水】")).to_have_count(1)

    landlord = await open_as(browser, running.url, "wxid_dai1962", ROOM)
    desk = await open_link(browser, await ask_for_link(landlord), "驾驶舱")
    await desk.goto(running.url + "/console/events/2026-0001")
    await desk.click("#do-ack button")
    await expect(desk.locator("#notice")).to_have_text("已接单 2026-0001。")
    await expect(desk.locator("#event-state")).to_have_text("已接单")
    await fits_the_phone(desk)
    await expect(group.filter(has_text="#2026-0001【漏水】 已由 戴国华 接单")).to_have_count(1)
    own = landlord.locator("#direct-messages .msg.bot").filter(has_text="已接单 #2026-0001")
    await expect(own).to_have_count(1)  # his confirmation, as the chat command sends it

    await desk.fill("#do-resolve input[name=note]", "换了水管接头")
    await desk.click("#do-resolve button")
    await expect(desk.locator("#notice")).to_contain_text("已将 2026-0001 标为已解决")
    question = group.filter(has_text="问题解决了吗？")
    await expect(question).to_have_count(1)
    await expect(question.locator(".mention")).to_have_text("@周小梅")

    await tenant.fill("#group-input", "修好了，谢谢")
    await tenant.press("#group-input", "Enter")
    await expect(group.filter(has_text="感谢确认！#2026-0001【漏水】 已办结。")).to_have_count(1)
    await desk.reload()
    await expect(desk.locator("#event-state")).to_have_text("已关闭")
    await expect(desk.locator("#timeline li")).to_have_count(6)
    async with running.app.sessions() as session:
        event = await event_by_number(session, number="2026-0001")
    assert event is not None
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
