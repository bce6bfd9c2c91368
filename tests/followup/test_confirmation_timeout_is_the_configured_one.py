"""Bug: with `confirmation_timeout = "24h"` a leader's "已解决" still told residents
"48小时内未回复…": the question was built twice and the template fell back to 48.

Every message that mentions the timeout (the question to the reporters) is checked on both
paths that ask it, the leader's command and the follow-up worker, in Chinese and English,
on 梧桐街道 loaded the way a deployment loads it (tests/street.py, the memory transport),
its config.toml given `confirmation_timeout = "24h"`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.chat import ChatKind, Delivery
from bot.config import Settings
from tests.street_fixture import StreetChat

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEADER, TENANT_ZH, TENANT_EN = "wxid_shilei_lt", "wxid_guxiaoyu", "wxid_aisha_r"  # 兰亭2号楼


@pytest.fixture
async def street(
    street_configure: Callable[[str], Settings],
    street_chat_launch: Callable[..., Awaitable[StreetChat]],
) -> StreetChat:
    settings = street_configure('[followup]\nconfirmation_timeout = "24h"')
    chat = await street_chat_launch(settings=settings)
    await chat.link("shi-lei", "aisha-rahman")
    await chat.bind("lt-2")
    return chat


def questions(deliveries: list[Delivery]) -> list[str]:
    """The questions to the reporters, in the group where they reported."""
    return [
        d.text
        for d in deliveries
        if d.chat_kind is ChatKind.GROUP and ("解决了吗" in d.text or "Is it fixed" in d.text)
    ]


async def two_reports(street: StreetChat) -> None:
    room = street.street.room_of("lt-2").id
    await street.say(room, TENANT_ZH, "2号楼102卫生间漏水了")
    await street.say(
        room, TENANT_EN, "The people upstairs in building 2 are very noisy every night"
    )
    await street.sent()


async def test_the_leaders_resolve_asks_with_the_configured_timeout(street: StreetChat) -> None:
    await two_reports(street)

    await street.dm(LEADER, "已解决 1 换了水管")
    await street.dm(LEADER, "已解决 2 已提醒楼上住户")
    zh, en = questions(await street.sent())

    assert "24小时内未回复" in zh and "48" not in zh
    assert "Without a reply in 24 hours" in en and "48" not in en


async def test_the_workers_question_after_quiet_hours_has_the_configured_timeout(
    street: StreetChat,
) -> None:
    await two_reports(street)

    street.clock.set(datetime(2026, 11, 25, 23, 0, tzinfo=SHANGHAI))  # quiet hours
    await street.dm(LEADER, "已解决 1 换了水管")
    await street.dm(LEADER, "已解决 2 已提醒楼上住户")
    assert questions(await street.sent()) == []  # asked when the quiet hours end

    street.clock.set(datetime(2026, 11, 26, 7, 30, tzinfo=SHANGHAI))
    assert street.app.followup is not None
    await street.app.followup.tick()
    zh, en = questions(await street.sent())

    assert "24小时内未回复" in zh and "48" not in zh
    assert "Without a reply in 24 hours" in en and "48" not in en
