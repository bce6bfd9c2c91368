"""The simulator page in headless Chromium: identities, groups, live chat, bot replies, zh/en."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import BrowserContext, Page, expect

from bot.directory import Directory
from bot.transport.simulator.transport import SimulatorTransport
from bot.web.app import create_web_app

from .chromium import BROWSER_MARKS, chromium
from .conftest import EchoBot

pytestmark = BROWSER_MARKS

# Waiting for the page is not timing it: this only bounds a hang on a busy machine.
expect.set_options(timeout=20_000)


@pytest.fixture
async def base_url(
    directory: Directory, simulator: SimulatorTransport, echo: EchoBot
) -> AsyncIterator[str]:
    server = TestServer(create_web_app(simulator=simulator), host="127.0.0.1")
    async with server:
        yield str(server.make_url("/"))


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    async with chromium(tmp_path / "profile") as context:
        yield context


async def open_as(context: BrowserContext, url: str, identity: str, group: str) -> Page:
    page = await context.new_page()
    await page.goto(url)
    await expect(page.locator("#status")).to_have_attribute("data-state", "connected")
    await page.select_option("#identity", identity)
    await page.click(f'.group-item[data-chat-id="{group}"]')
    await expect(page.locator(f'.group-item.active[data-chat-id="{group}"]')).to_be_visible()
    return page


async def test_two_people_chat_in_a_group_and_the_bot_answers(
    browser: BrowserContext, base_url: str
) -> None:
    tenant = await open_as(browser, base_url, "wxid_zhang", "room-shima-10")
    landlord = await open_as(browser, base_url, "wxid_wang", "room-shima-10")
    await expect(tenant.locator("#group-title")).to_have_text("石马10幢房东群")

    await tenant.fill("#group-input", "10幢2单元漏水")
    await tenant.press("#group-input", "Enter")
    await expect(tenant.locator("#group-messages .msg.own")).to_contain_text("10幢2单元漏水")
    bot_reply = tenant.locator("#group-messages .msg.bot")
    await expect(bot_reply).to_contain_text("收到：10幢2单元漏水")
    await expect(bot_reply.locator(".mention")).to_have_text("@张三")
    await expect(tenant.locator("#direct-messages .msg.bot")).to_contain_text(
        "已登记：10幢2单元漏水"
    )

    others = landlord.locator("#group-messages .msg:not(.own):not(.bot)")
    await expect(others).to_contain_text("10幢2单元漏水")
    await expect(others.locator(".sender")).to_have_text("张三")
    await expect(landlord.locator("#direct-messages .msg")).to_have_count(0)

    await landlord.fill("#group-input", "@张三 马上来看")
    await landlord.click("#group-send")
    live = tenant.locator("#group-messages .msg:not(.own):not(.bot)")
    await expect(live).to_contain_text("马上来看")
    await expect(live.locator(".mention")).to_have_text("@张三")


async def test_a_direct_message_to_the_bot_gets_an_answer(
    browser: BrowserContext, base_url: str
) -> None:
    worker = await open_as(browser, base_url, "sim-chen", "room-shima-10")
    await worker.fill("#direct-input", "查询 2026-0042")
    await worker.click("#direct-send")
    await expect(worker.locator("#direct-messages .msg.own")).to_contain_text("查询 2026-0042")
    await expect(worker.locator("#direct-messages .msg.bot")).to_contain_text("私信收到：查询")
    await expect(worker.locator("#group-messages .msg")).to_have_count(0)


async def test_switching_identity_changes_whose_messages_are_own_and_who_may_post(
    browser: BrowserContext, base_url: str
) -> None:
    page = await open_as(browser, base_url, "wxid_zhang", "room-shima-10")
    await page.fill("#group-input", "我是张三")
    await page.press("#group-input", "Enter")
    await expect(page.locator("#group-messages .msg.own")).to_contain_text("我是张三")

    await page.select_option("#identity", "sim-anna")
    await expect(page.locator("#join-box")).to_be_visible()
    await expect(page.locator("#group-form")).to_be_hidden()
    await expect(page.locator("#group-messages .msg.own")).to_have_count(0)
    await page.click("#join-button")
    welcome = page.locator("#group-messages .msg.bot").filter(has_text="欢迎入群")
    await expect(welcome.locator(".mention")).to_have_text("@Anna Smith")
    await page.fill("#group-input", "Hello everyone")
    await page.press("#group-input", "Enter")
    await expect(page.locator("#group-messages .msg.own")).to_contain_text("Hello everyone")


async def test_the_language_toggle_switches_the_interface(
    browser: BrowserContext, base_url: str
) -> None:
    page = await open_as(browser, base_url, "wxid_zhang", "room-shima-10")
    await page.fill("#group-input", "你好")
    await page.press("#group-input", "Enter")
    bot_badge = page.locator("#group-messages .msg.bot .badge")
    await expect(bot_badge).to_have_text("机器人")
    await expect(page.locator("#group-send")).to_have_text("发送")
    await expect(page.locator('#identity optgroup[data-role="tenant"]')).to_have_attribute(
        "label", "租户"
    )
    await page.click("#lang-toggle")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.locator("#group-send")).to_have_text("Send")
    await expect(page.locator(".direct-pane h2")).to_have_text("Direct messages with the bot")
    await expect(page.locator('#identity optgroup[data-role="tenant"]')).to_have_attribute(
        "label", "Tenant"
    )
    await expect(page.locator("#lang-toggle")).to_have_text("中文")
    await expect(bot_badge).to_have_text("bot")
    await page.reload()
    await expect(page.locator("#group-send")).to_have_text("Send")  # the choice is remembered
    await page.click("#lang-toggle")
    await expect(page.locator("#group-send")).to_have_text("发送")


async def test_an_error_is_shown_in_the_chosen_language(
    browser: BrowserContext, base_url: str
) -> None:
    page = await open_as(browser, base_url, "sim-anna", "room-shima-10")
    await expect(page.locator("#join-box")).to_be_visible()
    await page.evaluate("document.getElementById('group-form').hidden = false")
    await page.fill("#group-input", "sneaking in")
    await page.click("#group-send")
    await expect(page.locator("#error")).to_have_text("你还不在这个群里，请先加入")


async def test_a_refused_message_stays_in_its_box(browser: BrowserContext, base_url: str) -> None:
    # Bug: the box was emptied before the server answered, so a message refused as too long
    # (or from a non-member) was lost with whatever the person had typed.
    page = await open_as(browser, base_url, "wxid_zhang", "room-shima-10")
    long_text = "漏" * 2001
    await page.fill("#group-input", long_text)
    await page.click("#group-send")
    await expect(page.locator("#error")).to_be_visible()
    await expect(page.locator("#group-input")).to_have_value(long_text)
    await page.fill("#group-input", "10幢漏水")
    await page.press("#group-input", "Enter")
    await expect(page.locator("#group-messages .msg.own")).to_contain_text("10幢漏水")
    await expect(page.locator("#group-input")).to_have_value("")
