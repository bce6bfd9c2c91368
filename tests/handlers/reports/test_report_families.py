"""Reports with words of their own (issue 18): a gas leak (urgent, 119, the gas company's
24-hour line and what to do), someone collapsed (urgent hardship, 120, the micro-grid
worker told at once), something thrown from a height (120 and 110 when it hit someone),
group renting (an inspection). Families, several phrasings each; the replies on 梧桐街道."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.chat import ChatKind, Delivery
from bot.kinds import Kind
from bot.nlu import parse
from bot.nlu.reading import Reading
from handlers.reports.families import Family, handling
from models.crud.event_queries import event_by_number
from tests.street import Street
from tests.street_fixture import StreetChat

NOW = datetime(2026, 11, 25, 2, tzinfo=UTC)
GAS_LINE = "南州燃气 24 小时抢修 0577-6696 7777"  # tests/deployments/wutong/config.toml


def taken(text: str) -> tuple[Kind, bool, tuple[str, ...], Family | None]:
    found = handling(parse(text, NOW), text)
    return found.kind, found.urgent, found.numbers, found.family


@pytest.mark.parametrize(
    "text",
    ["3号楼502燃气泄漏了", "楼道里一股煤气味", "502有煤气味，好大", "厨房好像漏气了，闻到天然气",
     "I smell gas in room 301", "There is a gas smell on the 3rd floor", "gas leak in building 2"],
)  # fmt: skip
def test_a_gas_leak_is_an_urgent_fire_hazard_calling_119(text: str) -> None:
    kind, urgent, numbers, family = taken(text)
    assert (kind, urgent, numbers[0], family) == (Kind.FIRE_HAZARD, True, "119", Family.GAS)


def test_a_gas_smell_is_urgent_even_where_the_reading_says_otherwise() -> None:
    calm = Reading(kind=Kind.REPAIR, urgent=False)
    found = handling(calm, "灶台那边有点燃气味，麻烦看看")
    assert (found.kind, found.urgent, found.family) == (Kind.FIRE_HAZARD, True, Family.GAS)


@pytest.mark.parametrize(
    "text",
    ["我妈晕倒了叫不醒", "3号楼201老人摔倒了起不来", "隔壁大爷昏过去了", "他没有呼吸了快来人",
     "楼道里有人倒在地上，喊不醒", "my roommate fainted and won't wake up",
     "an old man is not breathing in room 301", "Someone collapsed in the corridor"],
)  # fmt: skip
def test_someone_collapsed_is_urgent_hardship_calling_120_first(text: str) -> None:
    kind, urgent, numbers, family = taken(text)
    assert (kind, urgent, numbers[0], family) == (Kind.HARDSHIP, True, "120", Family.COLLAPSE)


@pytest.mark.parametrize(
    ("text", "family", "numbers"),
    [
        ("有人高空抛物，太危险了", Family.FALLING_OBJECT, ()),
        ("楼上又往楼下扔垃圾", Family.FALLING_OBJECT, ()),
        ("someone is throwing bottles from the balcony", Family.FALLING_OBJECT, ()),
        ("高空抛物砸到人了，流了很多血", Family.SOMEONE_HIT, ("120", "110")),
        ("楼上扔下来一个花盆砸伤了小孩", Family.SOMEONE_HIT, ("120", "110")),
        ("a bottle thrown from upstairs hit a kid", Family.SOMEONE_HIT, ("120", "110")),
    ],
)
def test_things_thrown_from_a_height_call_120_and_110_when_they_hit_someone(
    text: str, family: Family, numbers: tuple[str, ...]
) -> None:
    kind, urgent, called, found = taken(text)
    assert (kind, found, urgent) == (Kind.SECURITY, family, bool(numbers))
    assert called[: len(numbers)] == numbers


@pytest.mark.parametrize(
    "text",
    ["3号楼402群租，住了十几个人", "301打了隔断间，群租", "402打了好多隔断，住了十几个人",
     "402住了二十多个人，全是上下铺", "room 302 is sublet to 12 people with partitions"],
)  # fmt: skip
def test_group_renting_is_a_fire_hazard_to_inspect(text: str) -> None:
    assert taken(text) == (Kind.FIRE_HAZARD, False, (), Family.GROUP_RENTING)


@pytest.mark.parametrize("text", ["3号楼301卫生间漏水", "楼道灯坏了", "差点被电动车撞到"])
def test_other_reports_have_no_family(text: str) -> None:
    assert taken(text)[3] is None


def in_group(sent: list[Delivery], room: str) -> Delivery:
    [found] = [d for d in sent if d.chat_kind is ChatKind.GROUP and d.chat_id == room]
    return found


def to_person(sent: list[Delivery], contact: str) -> Delivery:
    [found] = [d for d in sent if d.chat_kind is ChatKind.DIRECT and d.chat_id == contact]
    return found


@pytest.fixture
async def qs3(street_chat: StreetChat) -> str:
    await street_chat.link("dai-guohua", "cai-min")
    return await street_chat.bind("qs-3")


async def test_a_gas_leak_is_told_what_to_do_and_whom_to_call(
    street: Street, street_chat: StreetChat, qs3: str
) -> None:
    await street_chat.say(qs3, "wxid_linxiao", "3号楼502燃气泄漏了，味道很大")
    sent = await street_chat.sent()
    group = in_group(sent, qs3).text
    assert group.startswith("⚠️ 请立即拨打 119（火警/救援）")
    assert "紧急事件已登记 #2026-0001【消防安全】清水湾3号楼502室" in group
    for step in ("请勿开关电灯", "打开门窗通风", "离开到室外", f"（{GAS_LINE}）"):
        assert step in group, step
    assert "【紧急】" in to_person(sent, street.contact("cai-min")).text  # at once
    async with street_chat.app.sessions() as session:
        event = await event_by_number(session, number="2026-0001")
    assert event is not None and event.urgent and event.kind is Kind.FIRE_HAZARD


async def test_an_english_gas_report_gets_the_same_advice_in_english(
    street: Street, street_chat: StreetChat
) -> None:
    await street_chat.link("shi-lei", "qin-hai")
    room = await street_chat.bind("lt-2")
    await street_chat.say(room, street.contact("aisha-rahman"), "I smell gas in room 301")
    group = in_group(await street_chat.sent(), room).text
    assert group.startswith("⚠️ Call 119 (fire/rescue) NOW")
    assert "do not switch lights" in group and "get everyone out" in group
    assert f"24-hour line ({GAS_LINE})" in group


async def test_a_collapse_calls_120_and_alerts_the_micro_grid_worker_at_once(
    street: Street, street_chat: StreetChat, qs3: str
) -> None:
    await street_chat.say(qs3, street.contact("zhou-xiaomei"), "502的老人摔倒了起不来，叫不醒")
    sent = await street_chat.sent()
    group = in_group(sent, qs3).text
    assert group.startswith("⚠️ 请立即拨打 120（急救）")
    assert "【困难帮扶】" in group and "不要随意搬动病人" in group
    assert "已同时通知 戴国华 和微网格员 蔡敏" in group
    alert = to_person(sent, street.contact("cai-min")).text
    assert alert.startswith("【紧急】#2026-0001 困难帮扶") and "120" in alert
    assert "#2026-0001" in to_person(sent, street.contact("dai-guohua")).text


async def test_a_thrown_object_that_hit_someone_calls_120_and_110(
    street_chat: StreetChat, qs3: str
) -> None:
    await street_chat.say(qs3, "wxid_linxiao", "3号楼楼上扔下来一个花盆砸到人了")
    group = in_group(await street_chat.sent(), qs3).text
    assert group.startswith("⚠️ 请立即拨打 120（急救）、110（报警）")
    assert "有人被砸到" in group and "保护现场" in group


async def test_a_thrown_object_that_hit_nobody_is_looked_into(
    street_chat: StreetChat, qs3: str
) -> None:
    await street_chat.say(qs3, "wxid_linxiao", "3号楼有人高空抛物，扔了个酒瓶下来")
    group = in_group(await street_chat.sent(), qs3).text
    assert group.startswith("已登记 #2026-0001【治安】") and "⚠️" not in group
    assert "网格员会核查是哪一户" in group and "如有人被砸伤，请立即拨打 120 和 110" in group


async def test_group_renting_is_answered_with_an_inspection(
    street_chat: StreetChat, qs3: str
) -> None:
    await street_chat.say(qs3, "wxid_linxiao", "3号楼402群租，隔成了十间，住了十几个人")
    group = in_group(await street_chat.sent(), qs3).text
    assert group.startswith("已登记 #2026-0001【消防安全】清水湾3号楼402室")
    assert "网格员将会同房东上门核查群租情况" in group


async def test_a_gas_leak_without_a_place_gets_its_advice_with_the_question(
    street: Street, street_chat: StreetChat
) -> None:
    await street_chat.dm("wxid_newcomer_wt", "闻到很浓的煤气味")
    [question] = await street_chat.sent()
    assert question.text.startswith("⚠️ 请立即拨打 119")
    assert "请问是几幢几室" in question.text and GAS_LINE in question.text
