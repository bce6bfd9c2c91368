"""Logging a real account in: while the puppet service asks for a QR code scan, the bot
draws the code in the terminal, saves it as an image, says it is waiting, and keeps waiting
past `login_timeout` (which counts only time without a scan request)."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
import segno

from bot.chat import Inbound, MemberJoin
from bot.transport.wechaty.login import LoginQr
from bot.transport.wechaty.transport import WechatyTransport
from tests.mock_wechat import MockWeChat

pytestmark = pytest.mark.puppet

QRCODE = "https://login.weixin.qq.com/l/wutong-operator-scan"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def nothing(event: Inbound | MemberJoin) -> None:
    pass


async def until(condition: Callable[[], bool], what: str) -> None:
    try:
        async with asyncio.timeout(20):
            while not condition():  # noqa: ASYNC110 - files and log records have no event
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"never: {what}") from None


def expected_drawing(payload: str) -> str:
    drawn = io.StringIO()
    segno.make(payload, error="m", micro=False).terminal(out=drawn, compact=True)
    return drawn.getvalue()


async def test_the_bot_shows_the_code_and_waits_for_the_scan_past_login_timeout(
    street_wechat: MockWeChat, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await street_wechat.ask_for_scan(QRCODE)
    terminal, image = io.StringIO(), tmp_path / "qr" / "login.png"
    transport = WechatyTransport(
        endpoint=street_wechat.endpoint,
        token=street_wechat.token,
        login_timeout=0.5,
        retry_initial=0.05,
        login_qr=LoginQr(image, out=terminal),
        scan_reminder=0.2,
    )

    def reminders() -> int:
        return sum("still waiting for the QR code" in r.getMessage() for r in caplog.records)

    with caplog.at_level(logging.WARNING, logger="bot.transport"):
        starting = asyncio.create_task(transport.start(nothing))
        try:
            await until(image.exists, "the QR code saved as an image")
            await until(lambda: reminders() >= 4, "four reminders, 0.8 s > login_timeout")
            assert not starting.done()  # still waiting, not given up at login_timeout

            await street_wechat.confirm_scan()
            async with asyncio.timeout(10):
                await starting
        finally:
            await transport.stop()

    assert image.read_bytes().startswith(PNG_MAGIC)
    # Drawn once although the service asked again every 200 ms, and it is the service's code.
    assert terminal.getvalue() == expected_drawing(QRCODE)
    messages = [r.getMessage() for r in caplog.records]
    assert (
        f"scan the QR code above with the bot account's phone (saved at {image})" in (messages[0])
    )
    assert any("the QR code was scanned; confirm the login on the phone" in m for m in messages)
    assert not any(QRCODE in m for m in messages)  # the login code itself is not logged


async def test_a_scan_request_without_a_code_is_waited_for_and_nothing_is_drawn(
    street_wechat: MockWeChat, tmp_path: Path
) -> None:
    await street_wechat.ask_for_scan("")
    transport = WechatyTransport(
        endpoint=street_wechat.endpoint,
        token=street_wechat.token,
        login_timeout=0.5,
        login_qr=LoginQr(tmp_path / "login.png", out=io.StringIO()),
        scan_reminder=0.2,
    )
    starting = asyncio.create_task(transport.start(nothing))
    await until(lambda: transport._connection.scan_pending, "a scan request")
    await street_wechat.confirm_scan()
    async with asyncio.timeout(10):
        await starting
    await transport.stop()
    assert not (tmp_path / "login.png").exists()  # an empty code is not drawn
