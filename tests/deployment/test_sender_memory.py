"""The invite throttle and the privacy advice are kept in the database (issue 12): two bots
on 梧桐街道's one database, and a bot started again, count the same wrong codes and advise a
sender once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.street import Street
from tests.street_fixture import StreetChat

GUESSER = "wxid_newcomer_wt"
GOOD_ID = "110101199003074514"


async def test_two_bots_count_the_same_wrong_codes(
    street_chat_launch: Callable[..., Awaitable[StreetChat]],
) -> None:
    one, two = await street_chat_launch(), await street_chat_launch()
    answers = []
    for n, bot in enumerate((one, two, one, two, one, two, one)):
        await bot.dm(GUESSER, f"GB-{n:04d}-ZZZZ")
        answers += await bot.sent()
    *wrong, paused = answers  # the fifth code, whichever bot read it, starts the pause
    assert len(wrong) == 4 and all(a.text.startswith("这个邀请码无效") for a in wrong)
    assert paused.text.startswith("错误的邀请码太多：30 分钟内不再读取您发来的邀请码")
    restarted = await street_chat_launch()  # a start after the pause began remembers it
    await restarted.dm(GUESSER, "GB-0009-ZZZZ")
    assert await restarted.sent() == []


async def test_a_sender_is_advised_once_whichever_bot_reads_the_number(
    street: Street, street_chat_launch: Callable[..., Awaitable[StreetChat]]
) -> None:
    one = await street_chat_launch()
    await one.link("dai-guohua")
    room = await one.bind("qs-3")
    dai = street.contact("dai-guohua")
    await one.say(room, dai, f"张三 {GOOD_ID}")
    [advice] = await one.sent()
    assert "🔒" in advice.text and advice.mention_ids == (dai,)
    two, restarted = await street_chat_launch(), await street_chat_launch()
    for bot in (two, restarted):
        await bot.say(room, dai, f"李四 {GOOD_ID}")
        assert await bot.sent() == []
    await two.say(room, "wxid_linxiao", f"我朋友 {GOOD_ID}")  # another sender: advised
    [other] = await two.sent()
    assert other.mention_ids == ("wxid_linxiao",)
