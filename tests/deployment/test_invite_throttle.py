"""Invite codes are throttled per sender (issue 12, item 13), over 梧桐街道's WeChat: 120
wrong codes in a direct chat get five answers, the fifth saying that codes are not read
for half an hour; another sender is answered meanwhile, and after the pause a right code
links."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from bot.clock import FrozenClock
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

GUESSER = "wxid_newcomer_wt"


async def test_a_flood_of_wrong_codes_gets_five_answers_then_silence(
    street: Street, street_bot: StreetBot, street_invite: Callable[[str], Awaitable[str]]
) -> None:
    for n in range(120):
        await street_bot.wechat.say_to_bot(GUESSER, f"GB-{n:04d}-ZZZZ")
    *first_four, paused = await street_bot.sent(5)
    assert all(s.text.startswith("这个邀请码无效") for s in first_four)
    assert paused.text.startswith("错误的邀请码太多：30 分钟内不再读取您发来的邀请码")
    # Another sender is answered: handled after the flood, sent after every answer to it.
    await street_bot.wechat.say_to_bot(street.contact("xu-wenjuan"), "GB-AAAA-AAAA")
    [other] = await street_bot.sent(1)
    assert other.to_id == street.contact("xu-wenjuan")
    assert [s.to_id for s in street_bot.wechat.sent].count(GUESSER) == 5

    code = await street_invite("shi-lei")  # 石磊 lends the newcomer's phone, say
    await street_bot.wechat.say_to_bot(GUESSER, code)  # still paused: not even read
    assert isinstance(street_bot.clock, FrozenClock)
    street_bot.clock.advance(timedelta(minutes=31))
    await street_bot.wechat.say_to_bot(GUESSER, code)
    [linked] = await street_bot.sent(1)
    assert linked.to_id == GUESSER and linked.text.startswith("石磊您好")
