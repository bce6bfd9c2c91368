"""`gridbot run` as a street runs it: 梧桐街道's config and database (directory imported, no
directory in the config), its WeChat asking for the account's QR code scan first."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.mock_wechat import MockWeChat
from tests.net import free_port
from tests.street import STREET_SECRET_KEY, Street

pytestmark = pytest.mark.puppet

WAIT = 40.0  # a fresh interpreter imports everything first; a pass never waits this long
QRCODE = "https://login.weixin.qq.com/l/wutong-first-start"


async def read_until(stream: asyncio.StreamReader, marker: str, seen: list[str]) -> None:
    async with asyncio.timeout(WAIT):
        while marker not in (line := (await stream.readline()).decode()):
            assert line, f"gridbot run ended before {marker!r}: {''.join(seen)}"
            seen.append(line)
    seen.append(line)


async def test_first_start_shows_the_login_code_waits_for_the_scan_and_serves_the_street(
    street: Street,
    street_db: str,
    street_wechat: MockWeChat,
    tmp_path: Path,
) -> None:
    await street_wechat.ask_for_scan(QRCODE)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env |= {
        "GRIDBOT_DATABASE_URL": street_db,
        "GRIDBOT_SECRET_KEY": STREET_SECRET_KEY,
        "GRIDBOT_WECHATY_ENDPOINT": street_wechat.endpoint,
        "GRIDBOT_WECHATY_TOKEN": street_wechat.token,
        "GRIDBOT_WEB_PORT": str(port),
    }
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "--config", str(street.config), "run"),
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    seen: list[str] = []
    try:
        await read_until(process.stderr, "waiting for the scan", seen)
        assert any("▀" in line or "▄" in line for line in seen)  # the code, drawn
        assert "saved at var/wechat-login.png" in seen[-1]
        assert (tmp_path / "var" / "wechat-login.png").read_bytes().startswith(b"\x89PNG")

        await street_wechat.confirm_scan()
        await read_until(process.stderr, "GridBot runs on wechaty", seen)
        assert any("logged in to WeChat as wxid_wutong_bot" in line for line in seen)

        # A house of the imported directory has its household page (public: /grid and the
        # register are behind the console's sign-in).
        household = f"http://127.0.0.1:{port}/h/qs-15"
        async with aiohttp.ClientSession() as http, http.get(household) as response:
            assert response.status == 200
            page = await response.text()
        assert "清水湾15号楼" in page

        room = street.room_of("qs-15")
        await street_wechat.say_in_room(room.id, street.contact("su-meihua"), "大家好")
        intro = await street_wechat.next_sent()
        assert intro.room_id == room.id  # an unbound group: the introduction
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(WAIT):
            _, rest = await process.communicate()
    assert process.returncode == 0
    assert "Traceback" not in "".join(seen) + rest.decode()
    assert STREET_SECRET_KEY not in "".join(seen) + rest.decode()
