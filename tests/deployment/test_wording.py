"""Wording that misled (issue 12, item 8), over 梧桐街道's WeChat: the group hears who is in
charge, and that someone "is handling it" only once they acknowledged; a Chinese ID-card
registration does not end with the visa line; English dates carry weekday and year
(templates/<lang>/_dates.j2, one home per language)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.render import Renderer
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

NEWCOMER = "wxid_newcomer_wt"  # 新租客小吴, in no group yet


async def test_the_group_hears_who_is_in_charge_and_that_they_handle_it_once_they_do(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua")
    room = await street_bot.bind("qs-3")
    dai = street.contact("dai-guohua")
    await street_bot.wechat.say_in_room(room, street.contact("zhou-xiaomei"), "卫生间漏水了")
    ack, _ = await street_bot.sent(2)
    await street_bot.wechat.join_room(room, (NEWCOMER,), inviter_id=dai)
    await street_bot.sent(1)  # the welcome
    await street_bot.wechat.say_in_room(room, NEWCOMER, "我家天花板也在漏水")
    merged, _ = await street_bot.sent(2)
    await street_bot.wechat.say_to_bot(dai, "收到 1")
    await street_bot.sent(2)  # his confirmation, the group's line
    await street_bot.wechat.say_in_room(room, "wxid_linxiao", "楼上漏水漏到我家了")
    merged_after, _ = await street_bot.sent(2)

    assert "由 戴国华 负责，今天 12:00 前接单" in ack.text
    assert merged.text.endswith("已有同类事件 #2026-0001，已合并，由 戴国华 负责。")
    assert merged_after.text.endswith("已有同类事件 #2026-0001，已合并，戴国华 正在处理。")
    assert not any("正在处理" in s.text for s in (ack, merged))


async def test_an_english_reporter_is_told_who_is_in_charge_with_full_dates(
    street: Street, street_bot: StreetBot
) -> None:
    room = await street_bot.bind("lt-2")
    await street_bot.wechat.say_in_room(room, street.contact("aisha-rahman"), "301 sink leaking")
    [ack] = await street_bot.sent(1)  # 石磊 has not linked his WeChat: no assignment sent
    # 72 hours of working time outside the quiet hours (22:30-07:00), from Wednesday 10:00.
    assert ack.text.endswith(
        "Assigned to 石磊: to be acknowledged by 12:00 today and resolved by Tue 1 Dec 2026, 20:00."
    )
    assert "handling" not in ack.text


async def test_an_id_card_registration_has_no_visa_line_and_a_passport_one_has(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua")
    dai = street.contact("dai-guohua")
    conversations = (
        ("301租客张三 身份证110101199003074514 手机13800138000",),
        # The name of a foreigner is asked for when it is not read from the message.
        ("302租客李明浩 韩国护照M12345678 签证到期2027年3月1日 手机13900002005", "李明浩"),
    )
    done = []
    for messages in conversations:
        for text in messages:
            await street_bot.wechat.say_to_bot(dai, text)
            await street_bot.sent(1)  # what is missing, or the details to check
        await street_bot.wechat.say_to_bot(dai, "确认")
        [answer] = await street_bot.sent(1)
        done.append(answer.text)

    assert done[0] == "✅ 已完成清水湾3号楼入住登记：张三（301室）。\n证件信息已加密保存。"
    assert done[1].endswith("证件信息已加密保存；签证到期前会提醒房东。")


def test_english_dates_say_weekday_and_year_and_chinese_ones_stay_short() -> None:
    renderer = Renderer()
    due = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    values = {
        "number": "2026-0001",
        "kind": "leak",
        "urgent": False,
        "reporter": "Aisha",
        "loc": {"grid": "兰亭2号楼", "house": None, "unit": None, "floor": None, "room": "301"},
        "text": "The sink leaks",
        "numbers": (),
        "acknowledge_due": due,
        "resolve_due": due.replace(day=11),
    }
    english = renderer.render("report_assign", values, "en")
    assert "Acknowledge by Tue 8 Dec 2026, 09:00, resolve by Fri 11 Dec 2026, 09:00." in english
    chinese = renderer.render("report_assign", values, "zh")
    assert "请于 12月8日 09:00 前接单，12月11日 09:00 前办结。" in chinese
    away = {"back": False, "to_deputy": False, "deputy": None, "last_day": date(2027, 1, 3)}
    text = renderer.render("away_set", away | {"until": date(2027, 1, 4)}, "en")
    assert "through Sun 3 Jan 2027 (back on Mon 4 Jan 2027)" in text
