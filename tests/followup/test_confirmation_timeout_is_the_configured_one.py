"""Bug: with `confirmation_timeout = "24h"` a leader's "已解决" still told residents
"48小时内未回复…": the question was built twice and the template fell back to 48.

Every message that mentions the timeout (the question to the reporters) is checked on both
paths that ask it, the leader's command and the follow-up worker, in Chinese and English,
on a street loaded the way a deployment loads it (tests/street.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.chat import ChatKind, Delivery
from tests.street import SHANGHAI, TENANT_EN, TENANT_ZH, Street, open_street, street_settings


@pytest.fixture
async def street(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Street]:
    settings = await street_settings(
        db_url, tmp_path, monkeypatch, followup='confirmation_timeout = "24h"'
    )
    async for opened in open_street(settings):
        yield opened


def questions(deliveries: list[Delivery]) -> list[str]:
    """The questions to the reporters, in the group where they reported."""
    return [
        d.text
        for d in deliveries
        if d.chat_kind is ChatKind.GROUP and ("解决了吗" in d.text or "Is it fixed" in d.text)
    ]


async def two_reports(street: Street) -> None:
    await street.report(TENANT_ZH, "5幢201卫生间漏水了")
    await street.report(TENANT_EN, "The people upstairs in building 5 are very noisy every night")
    await street.sent()


async def test_the_leaders_resolve_asks_with_the_configured_timeout(street: Street) -> None:
    await two_reports(street)

    await street.leader_says("已解决 1 换了水管")
    await street.leader_says("已解决 2 已提醒楼上住户")
    zh, en = questions(await street.sent())

    assert "24小时内未回复" in zh and "48" not in zh
    assert "Without a reply in 24 hours" in en and "48" not in en


async def test_the_workers_question_after_quiet_hours_has_the_configured_timeout(
    street: Street,
) -> None:
    await two_reports(street)

    street.clock.set(datetime(2026, 11, 25, 23, 0, tzinfo=SHANGHAI))  # quiet hours
    await street.leader_says("已解决 1 换了水管")
    await street.leader_says("已解决 2 已提醒楼上住户")
    assert questions(await street.sent()) == []  # asked when the quiet hours end

    street.clock.set(datetime(2026, 11, 26, 7, 30, tzinfo=SHANGHAI))
    assert street.app.followup is not None
    await street.app.followup.tick()
    zh, en = questions(await street.sent())

    assert "24小时内未回复" in zh and "48" not in zh
    assert "Without a reply in 24 hours" in en and "48" not in en
