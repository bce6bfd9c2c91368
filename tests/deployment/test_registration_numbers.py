"""Registration numbers (issue 12, item 9), over 梧桐街道's WeChat: an ID number that is not
one is explained (which part is wrong) instead of being asked for again as if none had been
sent; an ID number posted in a group gets one short piece of advice (direct chat or the
household page), and the bot keeps it masked."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.register.id_check import IdProblem, id_problem
from models.messaging import InboundMessage
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

GOOD = "110101199003074514"


async def test_a_mistyped_id_number_is_explained_and_the_right_one_taken(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua")
    dai = street.contact("dai-guohua")
    await street_bot.wechat.say_to_bot(dai, "301租客张三 身份证110101199003074515 手机13800138000")
    [asked] = await street_bot.sent(1)
    await street_bot.wechat.say_to_bot(dai, GOOD)
    [confirm] = await street_bot.sent(1)

    assert asked.text.startswith(
        "⚠️ 身份证号 1101**********4515 有误，未采用：最后一位校验码与前 17 位对不上，"
        "多半有一位抄错了。请核对后重新发送。\n清水湾3号楼 租客登记，还需要：身份证或护照号码。"
    )
    assert "身份证：1101**********4514" in confirm.text and "⚠️" not in confirm.text


async def test_an_id_number_posted_in_a_group_gets_short_advice_once_and_stays_masked(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua")
    room = await street_bot.bind("qs-3")
    dai = street.contact("dai-guohua")
    await street_bot.wechat.say_in_room(room, dai, f"张三 {GOOD}")
    await street_bot.wechat.say_in_room(room, dai, "李四 110101199003074530")
    # A tenant registering herself in the group (moving in, with her number).
    await street_bot.wechat.say_in_room(
        room, street.contact("zhou-xiaomei"), f"我刚搬进502，身份证{GOOD}"
    )
    advice, registration = await street_bot.sent(2)

    assert advice.room_id == room and advice.mention_ids == (dai,)
    assert advice.text.endswith(
        "🔒 群里每个人都能看到这条消息里的证件号码。登记租客请私聊我，"
        "或扫描本户“一户一码”：https://wutong.example.org/h/qs-3"
    )
    # A registration answers with the same advice itself, once.
    assert registration.text.count("🔒") == 1 and "还需要" in registration.text
    async with street_bot.app.sessions() as session:
        logged = (await session.exec(select(InboundMessage.text))).all()
    assert logged and not any(GOOD in text for text in logged)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("110101199003074515", IdProblem("1101**********4515", "check_digit", 18)),
        ("身份证 110101 19900307 4515", IdProblem("1101**********4515", "check_digit", 18)),
        ("110101199013074514", IdProblem("1101**********4514", "birth_date", 18)),
        ("11010119900307451", IdProblem("1101*********7451", "length", 17)),
        ("110101900307451", IdProblem("1101*******7451", "length", 15)),
        (GOOD, None),
        (f"{GOOD} 和 110101199003074515", None),  # a right one is there: taken
        ("3021 13800138001", None),  # a room and a mobile
        ("手机13800138000", None),
    ],
)
def test_which_part_of_a_number_is_wrong(text: str, problem: IdProblem | None) -> None:
    assert id_problem(text) == problem
