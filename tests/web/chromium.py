"""Headless Debian Chromium for the browser tests: the marks every such module carries, and
a context that fails the test on any script error."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import BrowserContext, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("GRIDBOT_REQUIRE_ALL_TESTS") == "1"
INSTALLED = CHROMIUM.exists()
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not INSTALLED and not REQUIRED,
        reason=f"{CHROMIUM} is missing: `make browser-deps` installs it",
    ),
]


@asynccontextmanager
async def chromium(profile: Path, **options: Any) -> AsyncIterator[BrowserContext]:
    if not INSTALLED:  # only reached when GRIDBOT_REQUIRE_ALL_TESTS=1
        pytest.fail(
            f"{CHROMIUM} is missing and GRIDBOT_REQUIRE_ALL_TESTS=1: run `make browser-deps`"
        )
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **options
        )
        script_errors: list[str] = []
        context.on("weberror", lambda error: script_errors.append(str(error.error)))
        try:
            yield context
        finally:
            await context.close()
        assert script_errors == []
