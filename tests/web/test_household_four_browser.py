"""一键四知 on 梧桐街道's household page, as a tenant's phone shows it (headless Chromium)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.web.test_household_four import Site, site, street_settings

from .chromium import BROWSER_MARKS, chromium

pytestmark = BROWSER_MARKS
__all__ = ["site", "street_settings"]  # the fixtures, shared

expect.set_options(timeout=20_000)  # bounds a hang on a busy machine; times nothing


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    async with chromium(tmp_path / "profile") as context:
        yield await context.new_page()


async def test_a_tenant_sees_the_four_things_to_know_in_chromium(site: Site, page: Page) -> None:
    await page.goto(f"{site.url}/h/qs-3")
    await expect(page.locator("h1")).to_have_text("清水湾3号楼")
    await expect(page.locator("#roles li.role")).to_have_count(4)
    await expect(page.locator('#roles [data-role="community_staff"] a.phone')).to_have_attribute(
        "href", "tel:13700003001"
    )
    await expect(page.locator("#roles a.phone")).to_have_count(1)
    await expect(page.locator("#escape-route")).to_contain_text("East stairs down")
    await expect(page.locator("#knowledge li")).to_have_count(2)
    await page.click(".lang-link")
    await expect(page.locator("#roles h3")).to_contain_text("Your four fire-safety contacts")
    await page.goto(f"{site.url}/h/qs-7")
    loaded = await page.locator("#escape-route-image").evaluate(
        "img => img.complete && img.naturalWidth"
    )
    assert loaded == 40  # the picture arrived and decoded


async def test_a_tenant_sends_a_clue_from_the_house_page_in_chromium(
    site: Site, page: Page
) -> None:
    await page.goto(f"{site.url}/h/qs-3")
    await page.click("#clue-submit")  # nothing written: the browser sends it, the page says why
    await expect(page.locator("#clue-error")).to_contain_text("请写下您要举报的情况")
    await page.fill("#clue-text", "502门口堆了三个液化气罐")
    await page.click("#clue-submit")
    await expect(page.locator("#done")).to_contain_text("已收到您的线索")
