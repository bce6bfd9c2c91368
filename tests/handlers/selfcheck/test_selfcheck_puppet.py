"""The self-check through the real puppet service: the checklist reaches the landlord's
WeChat, and a "否" sent back becomes an assigned fire_hazard event."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from bot.kinds import Kind
from models.event import Event
from tests.handlers.selfcheck.test_selfcheck import SELFCHECK
from tests.street import Street
from tests.street_fixture import Configure, StreetBot, StreetLauncher

pytestmark = pytest.mark.puppet


async def test_the_checklist_goes_out_over_wechat_and_a_no_comes_back_as_an_event(
    street_launch: StreetLauncher, street_configure: Configure, street: Street
) -> None:
    bot = await street_launch(settings=street_configure(SELFCHECK))
    jobs = bot.app.register_jobs
    assert jobs is not None
    async with asyncio.timeout(20):
        await jobs.ran.wait()  # the start-up run: nobody linked yet, nobody asked
    await bot.link("dai-guohua")
    assert (await jobs.run_due()).selfchecks == 1
    bot.app.outbox.notify()
    dai = street.contact("dai-guohua")
    [checklist] = await bot.sent(1)
    assert checklist.to_id == dai and "【出租房安全自查 2026-11】清水湾3号楼" in checklist.text

    await bot.wechat.say_to_bot(dai, "1是 2是 3否 4是")
    done, assignment = await bot.sent(2)
    assert {done.to_id, assignment.to_id} == {dai}
    assert "本月安全自查已完成" in done.text and "已登记消防隐患" in done.text
    assert assignment.text.startswith("新事件") and "疏散通道、楼梯是否畅通" in assignment.text
    [event] = await _events(bot)
    assert event.kind is Kind.FIRE_HAZARD


async def _events(bot: StreetBot) -> list[Event]:
    async with bot.app.sessions() as session:
        return list((await session.exec(select(Event))).all())
