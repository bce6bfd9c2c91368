"""Bug: in a group covering two houses a report read "石马社区203室" without the house, and
"小和山新苑23号" showed as "小和山社区23幢": the place was composed from community + building
instead of the landlord grid's own name."""

from __future__ import annotations

from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.reports.test_reports import XIAOHESHAN_23, only

SHIMA_21 = "room-shima-21"  # one landlord, houses 21 and 22
ZHAO_PENG = ("wxid_zhaopeng", "赵鹏")  # tenant of 石马社区21-22幢, room 203
XU = "wxid_xuzhiqiang"  # leader of 石马社区21-22幢
NATTAPONG = ("wxid_nattapong", "Nattapong Srisuk")  # English, 小和山新苑23号 room 302


async def test_a_two_house_grid_is_named_with_the_room(bot: Bot) -> None:
    await bot.say(SHIMA_21, *ZHAO_PENG, "卫生间漏水了")
    sent = await bot.replies()
    assert only(to_group(sent, SHIMA_21)).text.startswith(
        "已登记 #2026-0001【漏水】石马社区21-22幢203室"
    )
    assert "位置：石马社区21-22幢203室" in only(to_person(sent, XU)).text


async def test_a_named_house_of_a_two_house_grid_is_kept(bot: Bot) -> None:
    await bot.say(SHIMA_21, "wxid_other", "小王", "22幢105门锁坏了")
    sent = await bot.replies()
    assert only(to_group(sent, SHIMA_21)).text.startswith(
        "已登记 #2026-0001【报修】石马社区21-22幢 22幢105室"
    )


async def test_a_house_number_grid_keeps_its_own_name(bot: Bot) -> None:
    await bot.say(XIAOHESHAN_23, "wxid_someone", "小王", "3楼楼道灯坏了")
    await bot.say(XIAOHESHAN_23, *NATTAPONG, "The noise upstairs is terrible at night")
    zh, en = (d.text for d in to_group(await bot.replies(), XIAOHESHAN_23))
    assert zh.startswith("已登记 #2026-0001【报修】小和山新苑23号3楼")
    assert "小和山社区" not in zh
    assert en.startswith("Recorded #2026-0002 [noise] room 302, 小和山新苑23号")
