"""The household QR page in headless Chromium: every form error, then register and sign out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.clock import FrozenClock
from models.db import sessionmaker
from models.messaging import Outbox
from models.tenant import Residence
from tests.register_support import START, VALID_ID, example_settings, household_app, synced

from .chromium import BROWSER_MARKS, chromium

pytestmark = BROWSER_MARKS

expect.set_options(timeout=20_000)  # bounds a hang on a busy machine; times nothing


@pytest.fixture
async def base_url(engine: AsyncEngine, db_url: str) -> AsyncIterator[str]:
    settings = example_settings(db_url, form_limit=50)
    await synced(engine, settings)
    app, _ = household_app(engine, settings, FrozenClock(START))
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("")).rstrip("/")


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    async with chromium(tmp_path / "profile") as context:
        yield await context.new_page()


async def expect_errors(page: Page, expected: dict[str, str]) -> None:
    await expect(page.locator("#form-error")).to_be_visible()
    for field, words in expected.items():
        await expect(page.locator(f'.error[data-field="{field}"]')).to_contain_text(words)
    await expect(page.locator(".error")).to_have_count(len(expected))


async def test_a_tenant_registers_and_signs_out_through_the_household_page(
    page: Page, base_url: str, engine: AsyncEngine
) -> None:
    await page.goto(f"{base_url}/h/shima-10")
    await expect(page.locator("h1")).to_have_text("石马社区10幢")
    await page.click("#to-sign-in")

    await page.click("#submit")  # nothing filled in
    await expect_errors(
        page,
        {
            "name": "必填",
            "document_type": "请选择一项",
            "document_number": "必填",
            "phone": "必填",
            "room": "必填",
            "consent": "请勾选同意",
        },
    )

    await page.fill("#name", "张三3")
    await page.select_option("#document_type", "id_card")
    await page.fill("#document_number", VALID_ID[:-1] + "1")
    await page.fill("#phone", "1381234")
    await page.select_option("#room", "301")
    await page.fill("#move_in", "2027-06-01")
    await page.click("#submit")
    await expect_errors(
        page,
        {
            "name": "姓名不能含数字",
            "document_number": "校验位不正确",
            "phone": "11 位手机号码",
            "move_in": "90 天",
            "consent": "请勾选同意",
        },
    )
    await expect(page.locator("#room")).to_have_value("301")  # what was typed is kept

    await page.select_option("#document_type", "passport")
    await page.fill("#document_number", "M12")
    await page.fill("#visa_expiry", "2026-11-24")
    await page.fill("#name", "张三")
    await page.fill("#phone", "13812345678")
    await page.fill("#move_in", "")
    await page.check("#consent")
    await page.click("#submit")
    await expect_errors(
        page,
        {
            "document_number": "6 到 12 位",
            "nationality": "请选择一项",
            "visa_expiry": "不能早于今天",
        },
    )

    await page.select_option("#document_type", "id_card")
    await page.fill("#document_number", VALID_ID)
    await page.fill("#visa_expiry", "")
    await page.click("#submit")
    await expect(page.locator("#done")).to_contain_text("登记成功")

    await page.click("text=返回本户页面")
    await page.click("#to-sign-out")
    await page.fill("#name", "张三")
    await page.fill("#document_number", "440301198808087710")
    await page.click("#submit")
    await expect(page.locator("#form-error")).to_contain_text("没有找到")
    await page.fill("#document_number", VALID_ID)
    await page.click("#submit")
    await expect(page.locator("#done")).to_contain_text("退租成功")

    async with sessionmaker(engine)() as session:
        [residence] = (await session.exec(select(Residence))).all()
        notices = [row.text for row in (await session.exec(select(Outbox))).all()]
    assert residence.room == "301" and residence.moved_out == START
    assert [text.splitlines()[0] for text in notices] == [
        "【租客入住登记】石马社区10幢",
        "【租客退租登记】石马社区10幢",
    ]


async def test_the_pages_switch_to_english(page: Page, base_url: str) -> None:
    await page.goto(f"{base_url}/h/xiaoheshan-25")
    await page.click(".lang-link")
    await page.click("#to-fire")

    await expect(page.locator("h1")).to_have_text("Fire safety: the four things to know")
    await expect(page.locator("#escape-route")).to_contain_text("Take the stairs down")
