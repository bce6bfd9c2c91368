"""A street that is not the demo's: 青山社区5幢, loaded the way a deployment loads it (its
own configuration file, its directory through `gridbot db upgrade` and `gridbot grid
import`), and the whole bot on the memory transport with a frozen clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import App, build_app
from bot.chat import Delivery
from bot.cli import main
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.transport import memory
from bot.transport.memory import MemoryTransport

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOM = "room-qingshan-5"
LEADER = ("wx-hu", "胡国强")
TENANT_ZH = ("wx-tang", "唐小燕")
TENANT_EN = ("wx-maria", "Maria Lopez")
START = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday

CONFIG = """\
timezone = "Asia/Shanghai"

[bot]
name = "楼栋助手"

[followup]
{followup}

[register]
demo = true
"""
DIRECTORY = f"""\
[[people]]
key = "hu"
name = "{LEADER[1]}"
roles = ["landlord_grid_leader"]
contact_id = "{LEADER[0]}"

[[people]]
key = "ma"
name = "马丽"
roles = ["community_staff"]
contact_id = "wx-ma"

[[communities]]
code = "qingshan"
name = "青山社区"
staff = "ma"

[[grids]]
code = "qs-1"
community = "qingshan"
name = "青山一网格"

[[micro_grids]]
code = "qs-1-1"
grid = "qs-1"
name = "青山一网格一微网格"

[[landlord_grids]]
code = "qingshan-5"
micro_grid = "qs-1-1"
name = "青山社区5幢"
buildings = ["5"]
leader = "hu"
group_chat = "{ROOM}"
"""


async def street_settings(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, followup: str = ""
) -> Settings:
    """The street's settings (`followup`: lines of its [followup] table), its database
    migrated and its directory imported."""
    config = tmp_path / "street.toml"
    config.write_text(CONFIG.format(followup=followup), encoding="utf-8")
    directory = tmp_path / "qingshan.toml"
    directory.write_text(DIRECTORY, encoding="utf-8")
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("GRIDBOT_TRANSPORT", "memory")
    for command in (["db", "upgrade"], ["grid", "import", str(directory)]):
        assert await asyncio.to_thread(main, ["--config", str(config), *command]) == 0
    return load_settings(str(config))


@dataclass
class Street:
    app: App
    transport: MemoryTransport
    clock: FrozenClock

    async def report(self, sender: tuple[str, str], text: str) -> None:
        message = memory.group_message(
            text, chat_id=ROOM, sender_id=sender[0], sender_name=sender[1]
        )
        await self.app.handle(message)

    async def leader_says(self, text: str) -> None:
        await self.app.handle(
            memory.direct_message(text, sender_id=LEADER[0], sender_name=LEADER[1])
        )

    async def sent(self) -> list[Delivery]:
        await self.app.outbox.deliver_due()
        return self.transport.take_sent()


async def open_street(settings: Settings) -> AsyncIterator[Street]:
    transport, clock = MemoryTransport(), FrozenClock(START)
    app = build_app(settings, transport=transport, clock=clock)
    await transport.start(app.feed)
    yield Street(app, transport, clock)
    await app.stop()
