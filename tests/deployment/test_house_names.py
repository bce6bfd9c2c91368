"""A house is called by the directory's name everywhere (issue 12, item 7): "清水湾3号楼",
never "3幢", in the acknowledgement, the assignment, reminders, the escalation, a leader's
list and details, and the question to the reporter, over 梧桐街道's WeChat. Intake and the
follow-up path name places through one function (bot/place_names.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.followup.views import event_view
from bot.kinds import Kind
from bot.place_names import building_word, place_view
from models.crud.house_names import HouseName
from models.event import Event
from tests.street import Street
from tests.street_fixture import StreetBot, StreetChat

pytestmark = pytest.mark.puppet

PLACE = "清水湾3号楼2单元301室"


async def test_every_message_about_an_event_names_the_house_as_the_directory_does(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua", "cai-min")
    room = await street_bot.bind("qs-3")
    dai, lin = street.contact("dai-guohua"), "wxid_linxiao"  # 林晓 is in no directory
    await street_bot.wechat.say_in_room(room, lin, "3号楼2单元301门锁坏了")
    ack, assignment = await street_bot.sent(2)
    start = street_bot.clock.now()
    for hours in (2, 4, 6):  # two reminders, then the escalation to the micro-grid worker
        await street_bot.worker_pass(start + timedelta(hours=hours))
    reminders_and_escalation = await street_bot.sent(3)
    await street_bot.wechat.say_to_bot(dai, "详情 1")
    await street_bot.wechat.say_to_bot(dai, "我的")
    details, listed = await street_bot.sent(2)
    await street_bot.wechat.say_to_bot(dai, "已解决 1 换了锁芯")
    done, question = await street_bot.sent(2)

    assert PLACE in ack.text
    assert f"位置：{PLACE}" in assignment.text
    assert all(f"位置：{PLACE}" in s.text for s in reminders_and_escalation)
    assert reminders_and_escalation[-1].to_id == street.contact("cai-min")
    assert f"位置：{PLACE}" in details.text and PLACE in listed.text
    assert question.room_id == room and f"（报修，{PLACE}）已处理" in question.text
    everything = [ack, assignment, *reminders_and_escalation, details, listed, done, question]
    assert not any("3幢" in s.text for s in everything)


def test_a_house_whose_name_covers_several_buildings_also_says_which() -> None:
    event = Event(
        number="2026-0007",
        kind=Kind.REPAIR,
        text="门锁坏了",
        created_at=datetime(2026, 11, 25, 2, tzinfo=UTC),
        community="清水湾社区",
        building="11",
        room="201",
    )
    one = HouseName("清水湾3号楼", several_buildings=False)
    two = HouseName("清水湾9栋、11栋", several_buildings=True)
    assert place_view(event, None) == {
        "community": "清水湾社区",
        "building": "11",
        "unit": None,
        "floor": None,
        "room": "201",
    }
    assert place_view(event, one) == place_view(event, None) | {
        "grid": "清水湾3号楼",
        "house": None,
        "house_word": None,
    }
    assert place_view(event, two)["house"] == "11"
    assert place_view(event, two)["house_word"] == "栋"
    assert event_view(event, UTC, two)["loc"] == place_view(event, two)


def test_the_building_is_written_with_the_word_the_house_name_uses() -> None:
    assert building_word("清水湾9栋、11栋", "11") == "栋"
    assert building_word("清水湾9栋、11栋", "9") == "栋"
    assert building_word("兰亭2号楼、4号楼", "4") == "号楼"
    assert building_word("东区3幢、5座", "5") == "座"
    assert building_word("兰亭北院", "4") is None  # the templates' own word then
    assert building_word("兰亭12号楼", "2") == "号楼"  # "2" inside "12" is not building 2


async def test_a_two_building_house_says_its_building_as_its_name_does(
    street: Street, street_chat: StreetChat
) -> None:
    await street_chat.link("gong-weidong", "yan-dong")
    room = await street_chat.bind("qs-9")
    await street_chat.say(room, street.contact("gong-weidong"), "11栋201门锁坏了")
    ack, assignment = await street_chat.sent()
    await street_chat.dm(street.contact("gong-weidong"), "详情 1")
    [details] = await street_chat.sent()
    place = "清水湾9栋、11栋 11栋201室"
    assert place in ack.text and f"位置：{place}" in assignment.text
    assert f"位置：{place}" in details.text
    assert not any("幢" in m.text for m in (ack, assignment, details))
