"""Bug: "不是301，是401" corrected the sender's latest report whatever its room, so a
correction naming a place no report was at moved an unrelated event."""

from __future__ import annotations

from datetime import timedelta

from bot.dispatch.pipeline import Outcome
from bot.transport import memory
from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.reports.test_reports import CHEN_JING, SHIMA_10, WANG, only

NATTAPONG = ("wxid_nattapong", "Nattapong Srisuk")  # English, 小和山新苑23号 room 302


async def test_a_correction_of_a_room_no_report_names_changes_nothing(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢301卫生间漏水")
    await bot.replies()
    assert await bot.say(SHIMA_10, *CHEN_JING, "不是305，是401") is Outcome.HANDLED
    sent = await bot.replies()

    reply = only(to_group(sent, SHIMA_10))
    assert reply.mention_ids == (CHEN_JING[0],)
    assert reply.text.startswith("您最近 30 分钟的报告中没有位置为“305”的，未作更改。")
    assert to_person(sent, WANG) == []
    assert [e.room for e in await bot.events()] == ["301"]


async def test_the_correction_goes_to_the_report_at_the_wrong_room(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢301卫生间漏水")
    bot.clock.advance(timedelta(minutes=2))
    await bot.say(SHIMA_10, *CHEN_JING, "10幢303门锁坏了")
    await bot.replies()
    await bot.say(SHIMA_10, *CHEN_JING, "不是301，是401")

    assert [(e.kind.value, e.room) for e in await bot.events()] == [
        ("leak", "401"),
        ("repair", "303"),
    ]


async def test_the_english_reply_when_nothing_matches(bot: Bot) -> None:
    message = memory.direct_message(
        "My toilet is leaking", sender_id=NATTAPONG[0], sender_name=NATTAPONG[1]
    )
    await bot.app.handle(message)
    await bot.replies()
    fix = memory.direct_message(
        "not 501, it's 502", sender_id=NATTAPONG[0], sender_name=NATTAPONG[1]
    )
    assert await bot.app.handle(fix) is Outcome.HANDLED
    reply = only(to_person(await bot.replies(), NATTAPONG[0])).text
    assert reply.startswith('None of your reports from the last 30 minutes is at "501"')
    assert [e.room for e in await bot.events()] == ["302"]
