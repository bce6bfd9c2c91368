"""Bug: with `confirmation_timeout = "24h"` a leader's "已解决" still told residents
"48小时内未回复…": the question was built twice and the template fell back to 48.

Every message that mentions the timeout (the question to the reporters) is checked on both
paths that ask it, the leader's command and the follow-up worker, in Chinese and English.
The street is loaded the way a deployment loads it: a file through `gridbot grid import`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import App, build_app
from bot.chat import ChatKind, Delivery
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

CONFIG = """\
timezone = "Asia/Shanghai"

[bot]
name = "楼栋助手"

[followup]
confirmation_timeout = "24h"

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


@pytest.fixture
async def settings(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    config = tmp_path / "street.toml"
    config.write_text(CONFIG, encoding="utf-8")
    directory = tmp_path / "qingshan.toml"
    directory.write_text(DIRECTORY, encoding="utf-8")
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("GRIDBOT_TRANSPORT", "memory")
    for command in (["db", "upgrade"], ["grid", "import", str(directory)]):
        assert await asyncio.to_thread(main, ["--config", str(config), *command]) == 0
    return load_settings(str(config))


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    clock = FrozenClock(datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI))  # a Wednesday
    app = build_app(settings, transport=MemoryTransport(), clock=clock)
    assert isinstance(app.transport, MemoryTransport)
    await app.transport.start(app.feed)
    yield app
    await app.stop()


async def report(app: App, sender: tuple[str, str], text: str) -> None:
    await app.handle(
        memory.group_message(text, chat_id=ROOM, sender_id=sender[0], sender_name=sender[1])
    )


async def leader_says(app: App, text: str) -> None:
    await app.handle(memory.direct_message(text, sender_id=LEADER[0], sender_name=LEADER[1]))


async def sent(app: App) -> list[Delivery]:
    await app.outbox.deliver_due()
    assert isinstance(app.transport, MemoryTransport)
    return app.transport.take_sent()


def questions(deliveries: list[Delivery]) -> list[str]:
    """The questions to the reporters, in the group where they reported."""
    return [
        d.text
        for d in deliveries
        if d.chat_kind is ChatKind.GROUP and ("解决了吗" in d.text or "Is it fixed" in d.text)
    ]


def clock_of(app: App) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


async def test_the_leaders_resolve_asks_with_the_configured_timeout(app: App) -> None:
    await report(app, TENANT_ZH, "5幢201卫生间漏水了")
    await report(app, TENANT_EN, "The people upstairs in building 5 are very noisy every night")
    await sent(app)

    await leader_says(app, "已解决 1 换了水管")
    await leader_says(app, "已解决 2 已提醒楼上住户")
    zh, en = questions(await sent(app))

    assert "24小时内未回复" in zh and "48" not in zh
    assert "Without a reply in 24 hours" in en and "48" not in en


async def test_the_workers_question_after_quiet_hours_has_the_configured_timeout(
    app: App,
) -> None:
    await report(app, TENANT_ZH, "5幢201卫生间漏水了")
    await report(app, TENANT_EN, "The people upstairs in building 5 are very noisy every night")
    await sent(app)

    clock_of(app).set(datetime(2026, 11, 25, 23, 0, tzinfo=SHANGHAI))  # quiet hours
    await leader_says(app, "已解决 1 换了水管")
    await leader_says(app, "已解决 2 已提醒楼上住户")
    assert questions(await sent(app)) == []  # asked when the quiet hours end

    clock_of(app).set(datetime(2026, 11, 26, 7, 30, tzinfo=SHANGHAI))
    assert app.followup is not None
    await app.followup.tick()
    zh, en = questions(await sent(app))

    assert "24小时内未回复" in zh and "48" not in zh
    assert "Without a reply in 24 hours" in en and "48" not in en
