"""Different flats are different events (issue 12, item 10), over 梧桐街道's WeChat:
duplicate detection compares the building, unit and room a report names, so "1单元301"
and "2单元301" of 清水湾3号楼 (two units) are two events, and so are "9栋201" and "11栋201"
of the house 清水湾9栋、11栋; a report that names no unit joins the one event it matches."""

from __future__ import annotations

import pytest

from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

NEWCOMER = "wxid_newcomer_wt"


async def test_the_same_room_in_another_unit_is_another_flat(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua")
    room = await street_bot.bind("qs-3")
    dai = street.contact("dai-guohua")
    await street_bot.wechat.say_in_room(
        room, street.contact("zhou-xiaomei"), "3号楼1单元301门锁坏了"
    )
    first, _ = await street_bot.sent(2)
    await street_bot.wechat.say_in_room(room, "wxid_linxiao", "3号楼2单元301门锁坏了")
    second, _ = await street_bot.sent(2)
    await street_bot.wechat.join_room(room, (NEWCOMER,), inviter_id=dai)
    await street_bot.sent(1)  # the welcome
    await street_bot.wechat.say_in_room(room, NEWCOMER, "2单元301的门锁还是坏的，进不去")
    merged, told = await street_bot.sent(2)

    assert "已登记 #2026-0001【报修】清水湾3号楼1单元301室" in first.text
    assert "已登记 #2026-0002【报修】清水湾3号楼2单元301室" in second.text
    assert "已有同类事件 #2026-0002，已合并" in merged.text
    assert told.to_id == dai and "#2026-0002" in told.text


async def test_the_same_room_in_another_building_of_one_house_is_another_flat(
    street: Street, street_bot: StreetBot
) -> None:
    room = await street_bot.bind("qs-9")  # 清水湾9栋、11栋: one landlord, two buildings
    gong = street.contact("gong-weidong")
    await street_bot.wechat.say_in_room(room, gong, "9栋201卫生间漏水")
    await street_bot.wechat.say_in_room(room, gong, "11栋201卫生间也漏水")
    first, second = await street_bot.sent(2)  # his WeChat is not linked: no assignment sent
    assert "#2026-0001【漏水】清水湾9栋、11栋 9栋201室" in first.text
    assert "#2026-0002【漏水】清水湾9栋、11栋 11栋201室" in second.text
