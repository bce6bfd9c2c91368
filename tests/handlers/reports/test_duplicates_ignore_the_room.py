"""Bug: duplicate merging ignored the room, so "107灯坏了" joined "102门锁坏了" (both repair),
and a reporter repeating an urgent report made the leader read "又有居民报告 … 共 1 人报告"."""

from __future__ import annotations

from datetime import timedelta

from tests.handlers.conftest import Bot, to_group, to_person

SHIMA_10 = "room-shima-10"
CHEN_JING = ("wxid_chenjing", "陈静")  # tenant of 石马社区10幢, room 301
NEIGHBOUR = ("wxid_neighbour", "邻居小李")
WANG = "wxid_wangjianguo"  # leader of 石马社区10幢


async def test_reports_naming_different_rooms_are_different_events(bot: Bot) -> None:
    await bot.say(SHIMA_10, *NEIGHBOUR, "10幢102门锁坏了")
    bot.clock.advance(timedelta(minutes=10))
    await bot.say(SHIMA_10, *NEIGHBOUR, "10幢107灯坏了")
    await bot.say(SHIMA_10, *NEIGHBOUR, "10幢101漏水")
    await bot.say(SHIMA_10, "wxid_other", "小王", "10幢111漏水")

    events = await bot.events()
    assert [(e.kind.value, e.room) for e in events] == [
        ("repair", "102"),
        ("repair", "107"),
        ("leak", "101"),
        ("leak", "111"),
    ]


async def test_the_same_room_or_no_room_still_merges(bot: Bot) -> None:
    await bot.say(SHIMA_10, *NEIGHBOUR, "10幢101漏水")
    await bot.say(SHIMA_10, "wxid_other", "小王", "10幢101还在漏水")
    await bot.say(SHIMA_10, "wxid_third", "小张", "楼里又漏水了")
    [event] = await bot.events()
    assert event.room == "101"


async def test_the_same_reporter_turning_urgent_is_not_another_resident(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    await bot.replies()
    await bot.say(SHIMA_10, *CHEN_JING, "水管爆了往外喷水")
    leader = to_person(await bot.replies(), WANG)

    assert len(leader) == 1
    text = leader[0].text
    assert text.startswith("【转为紧急】")
    assert "报告人 陈静 再次报告：“水管爆了往外喷水”" in text
    assert "又有居民报告" not in text
    assert "人报告" not in text.replace("再次报告", "")


async def test_the_same_reporter_repeating_quietly_reaches_only_the_group(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    await bot.replies()
    await bot.say(SHIMA_10, *CHEN_JING, "还在漏水")
    sent = await bot.replies()
    assert to_person(sent, WANG) == []
    assert len(to_group(sent, SHIMA_10)) == 1
