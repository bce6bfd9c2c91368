"""A notice over 梧桐街道's WeChat, through the real puppet service: a notice to a grid
reaches every bound group once, the landlords' receipts are counted, and the landlord who
did not answer is reminded."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from bot.clock import FrozenClock
from tests.mock_wechat import Sent
from tests.street import Street
from tests.street_fixture import STREET_START, StreetBot

pytestmark = pytest.mark.puppet


async def _later(bot: StreetBot, at: datetime) -> None:
    """Move the frozen clock and wake the notice sender (it sleeps until its next turn)."""
    assert isinstance(bot.clock, FrozenClock) and bot.app.notices is not None
    bot.clock.set(at)
    bot.app.notices.wake()


async def test_a_grid_notice_reaches_each_group_once_counts_receipts_and_reminds(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("pan-zhiyuan", "dai-guohua", "peng-shufen", "gong-weidong")
    rooms = {await street_bot.bind(house) for house in ("qs-3", "qs-7", "qs-9")}
    pan, wechat = street.contact("pan-zhiyuan"), street_bot.wechat
    await wechat.say_to_bot(pan, "通知 清水湾第一网格 周六上午消防检查，请清理楼道杂物")
    [preview] = await street_bot.sent(1)
    assert preview.to_id == pan and "3 个群、3 户" in preview.text, preview.text
    found = re.search(r"通知 (\d+)", preview.text)
    assert found is not None
    number = found.group(1)
    await wechat.say_to_bot(pan, "确认")
    got: list[Sent] = await street_bot.sent(2)  # the confirmation, the first group
    for second in (4, 8):  # 20 a minute: the next groups 3 s (and a little) apart
        await _later(street_bot, STREET_START + timedelta(seconds=second))
        got += await street_bot.sent(1)
    groups = [sent for sent in got if sent.room_id is not None]
    assert sorted(sent.room_id or "" for sent in groups) == sorted(rooms)  # each once
    assert all(sent.text.startswith(f"【通知 {number}】周六上午消防检查") for sent in groups)

    await wechat.say_in_room(street.room_of("qs-3").id, street.contact("dai-guohua"), "收到")
    quoted = next(sent for sent in groups if sent.room_id == street.room_of("qs-9").id)
    # A quoted reply, as WeChat writes it: 「name：quoted」, a dashed rule, the reply.
    quoting = f"「梧桐小助手：{quoted.text.splitlines()[0]}」\n- - - - - - - - - - -\n收到"
    await wechat.say_in_room(street.room_of("qs-9").id, street.contact("gong-weidong"), quoting)
    await wechat.say_to_bot(pan, f"通知 {number} 情况")
    [status] = await street_bot.sent(1)
    assert "已送达 3/3 个群，回执 2/3 户" in status.text, status.text
    assert "未回执：清水湾7幢" in status.text

    await _later(street_bot, STREET_START + timedelta(hours=4, minutes=1))
    [reminder] = await street_bot.sent(1)
    assert reminder.to_id == street.contact("peng-shufen")
    assert reminder.text.startswith(f"【通知 {number}】提醒：清水湾7幢 还没有回执")
