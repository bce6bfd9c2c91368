"""The demo does not leak into messages (issue 12, item 5): the group introduction, the staff
notice and a failed "绑定 …" show one of the deployment's own houses as the example, the
group's own where its topic names it, over 梧桐街道's WeChat."""

from __future__ import annotations

import pytest

from bot.onboarding.places import PlaceExample, example_place
from models.crud.place_candidates import PlaceCandidate
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

DEMO = ("石马", "Shima", "小和山")


async def test_an_unbound_groups_introduction_names_the_house_its_topic_names(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("xu-wenjuan")
    room = street.room_of("qs-9")  # "清水湾9栋11栋房东群"
    await street_bot.wechat.say_in_room(room.id, street.contact("gong-weidong"), "大家好")
    intro, notice = await street_bot.sent(2)

    assert "例如“绑定 清水湾9栋、11栋”" in intro.text
    assert 'e.g. "bind Qingshui 9"' in intro.text
    assert "（如“绑定 清水湾9栋、11栋”）" in notice.text
    assert not any(word in intro.text + notice.text for word in DEMO)


async def test_a_group_whose_topic_names_no_house_gets_one_of_the_streets_houses(
    street: Street, street_bot: StreetBot
) -> None:
    office = next(r for r in street.rooms if r.house is None)  # 梧桐街道网格工作群
    await street_bot.wechat.say_in_room(office.id, street.contact("pan-zhiyuan"), "各位好")
    [intro] = await street_bot.sent(1)  # nobody to notify: no staff linked yet
    assert "例如“绑定 兰亭2号楼”" in intro.text and 'e.g. "bind Lanting 2"' in intro.text


async def test_a_place_not_found_is_answered_with_a_house_of_this_street(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua")
    room = street.room_of("qs-3").id
    await street_bot.wechat.say_in_room(room, street.contact("dai-guohua"), "绑定 石马社区10幢")
    [answer] = await street_bot.sent(1)
    assert answer.text.endswith("请写明社区和楼幢，例如“绑定 清水湾3号楼”。")


def test_the_latin_example_is_one_the_binding_reads_as_that_house() -> None:
    houses = [
        PlaceCandidate("a-7", "兰亭7幢", "兰亭社区", ("兰亭", "Lanting"), ("7",)),
        PlaceCandidate("q-7", "清水湾7幢", "清水湾社区", ("清水湾",), ("7",)),
    ]
    assert example_place(houses, "兰亭7幢群") == PlaceExample("兰亭7幢", "Lanting 7")
    # No Latin alias: the name itself (the binding reads it exactly).
    assert example_place(houses, "清水湾7幢大家庭") == PlaceExample("清水湾7幢", "清水湾7幢")
    assert example_place(houses, "7幢") == PlaceExample("兰亭7幢", "Lanting 7")  # ambiguous
    assert example_place([], "7幢") is None
