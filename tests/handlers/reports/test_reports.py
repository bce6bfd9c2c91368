"""Report intake conversations: a report in a landlord group becomes an assigned event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bot.chat import Delivery
from bot.dispatch.pipeline import Outcome
from bot.transport import memory
from models.event import EventLog
from models.states import EventState
from tests.handlers.conftest import Bot, to_group, to_person

SHIMA_10 = "room-shima-10"
SHIMA_12 = "room-shima-12"
XIAOHESHAN_23 = "room-xiaoheshan-23"
CHEN_JING = ("wxid_chenjing", "陈静")  # tenant of 石马社区10幢, room 301
NATTAPONG = ("wxid_nattapong", "Nattapong Srisuk")  # English, 小和山新苑23号 room 302
WANG = "wxid_wangjianguo"  # leader of 石马社区10幢
LIU = "wxid_liuguiying"  # leader of 石马社区12幢
HU = "wxid_huhai"  # leader of 小和山新苑23号
CHEN_XIAOWEI = "wxid_chenxiaowei"  # micro-grid worker above 石马社区10幢


def only(deliveries: list[Delivery]) -> Delivery:
    assert len(deliveries) == 1, deliveries
    return deliveries[0]


async def test_a_report_with_its_full_location_is_stored_assigned_and_announced(bot: Bot) -> None:
    outcome = await bot.say(SHIMA_10, *CHEN_JING, "10幢2单元301卫生间漏水，麻烦看一下")
    sent = await bot.replies()

    assert outcome is Outcome.HANDLED
    group = only(to_group(sent, SHIMA_10))
    assert group.mention_ids == (CHEN_JING[0],)
    assert group.text == (
        "已登记 #2026-0001【漏水】石马社区10幢2单元301室\n"
        "由 王建国 负责，今天 11:00 前接单，明天 19:30 前处理完毕。"
    )
    leader = only(to_person(sent, WANG)).text
    assert "新事件 #2026-0001：漏水" in leader
    assert "报告人：陈静" in leader
    assert "位置：石马社区10幢2单元301室" in leader
    assert "原文：“10幢2单元301卫生间漏水，麻烦看一下”" in leader
    assert "请于 11月25日 11:00 前接单，11月26日 19:30 前办结。" in leader
    assert "回复“收到 2026-0001”接单" in leader
    [event] = await bot.events()
    assert (event.state, event.kind.value, event.building, event.unit, event.room) == (
        EventState.ASSIGNED,
        "leak",
        "10",
        "2",
        "301",
    )
    assert event.acknowledge_due == datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert event.next_action_at == event.acknowledge_due
    # 24 hours outside the quiet hours (22:00-07:30): Wednesday 10:00 to Thursday 19:30.
    assert event.resolve_due == datetime(2026, 11, 26, 11, 30, tzinfo=UTC)


async def test_the_groups_building_completes_a_report_without_one(bot: Bot) -> None:
    await bot.say(SHIMA_12, "wxid_passerby", "路人甲", "楼道里的垃圾好几天没人清理了")
    sent = await bot.replies()

    group = only(to_group(sent, SHIMA_12))
    assert group.text.startswith("已登记 #2026-0001【环境卫生】石马社区12幢\n由 刘桂英 负责")
    assert "位置：石马社区12幢" in only(to_person(sent, LIU)).text
    [event] = await bot.events()
    assert (event.community, event.building, event.room) == ("石马社区", "12", None)


async def test_the_senders_registered_room_completes_the_location(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "楼上天天半夜吵，睡不着")
    sent = await bot.replies()

    assert "【噪音扰民】石马社区10幢301室" in only(to_group(sent, SHIMA_10)).text
    [event] = await bot.events()
    assert (event.building, event.room) == ("10", "301")


async def test_chatter_gets_no_reply_at_all(bot: Bot) -> None:
    for text in ("大家好", "今天天气不错", "好的谢谢", "收到", "Thanks everyone"):
        assert await bot.say(SHIMA_10, *CHEN_JING, text) is Outcome.IGNORED
    assert await bot.replies() == []
    assert await bot.events() == []


async def test_the_bots_own_messages_are_never_answered(bot: Bot) -> None:
    name = bot.app.settings.bot.name
    assert await bot.say(SHIMA_10, "gridbot", name, "着火了！楼道里都是烟") is Outcome.IGNORED
    assert await bot.say(SHIMA_10, "wxid_echo", name, "10幢301漏水") is Outcome.IGNORED
    assert await bot.replies() == []


async def test_an_english_reporter_gets_an_english_reply_and_the_leader_chinese(
    bot: Bot,
) -> None:
    await bot.say(XIAOHESHAN_23, *NATTAPONG, "The toilet in my room is leaking")
    sent = await bot.replies()

    assert only(to_group(sent, XIAOHESHAN_23)).text == (
        "Recorded #2026-0001 [water leak] room 302, 小和山新苑23号\n"
        "Assigned to 胡海: to be acknowledged by 11:00 today and resolved by 19:30 tomorrow."
    )
    leader = only(to_person(sent, HU)).text
    assert "新事件 #2026-0001：漏水" in leader
    assert "原文：“The toilet in my room is leaking”" in leader


async def test_a_chinese_reporter_in_the_same_group_gets_chinese(bot: Bot) -> None:
    await bot.say(XIAOHESHAN_23, "wxid_someone", "小王", "下水道堵了，水排不下去")
    sent = await bot.replies()
    assert only(to_group(sent, XIAOHESHAN_23)).text.startswith(
        "已登记 #2026-0001【下水道堵塞】小和山新苑23号"
    )


async def test_an_urgent_report_says_whom_to_call_first_and_alerts_leader_and_worker(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "着火了！楼道里都是烟")
    sent = await bot.replies()

    lines = only(to_group(sent, SHIMA_10)).text.splitlines()
    assert lines[0] == "⚠️ 请立即拨打 119（火警/救援），先确保人身安全！"
    assert lines[1].startswith("紧急事件已登记 #2026-0001【消防安全】石马社区10幢301室")
    assert lines[2] == "已同时通知 王建国 和微网格员 陈晓伟，请注意安全。"
    assert only(to_person(sent, WANG)).text.startswith("【紧急】新事件 #2026-0001")
    worker = only(to_person(sent, CHEN_XIAOWEI)).text
    assert worker.startswith("【紧急】#2026-0001 消防安全")
    assert "房东网格长 王建国 已同时收到通知" in worker
    [event] = await bot.events()
    assert event.urgent
    assert event.acknowledge_due == bot.clock.now() + timedelta(minutes=5)


async def test_a_fight_with_blood_calls_police_and_ambulance(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "楼下有人打架，流血了")
    sent = await bot.replies()
    first = only(to_group(sent, SHIMA_10)).text.splitlines()[0]
    assert first == "⚠️ 请立即拨打 110（报警）、120（急救），先确保人身安全！"


async def test_a_duplicate_joins_the_open_event_and_the_leader_hears_of_the_new_reporter(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    await bot.replies()
    bot.clock.advance(timedelta(minutes=40))
    await bot.say(SHIMA_10, "wxid_neighbour", "邻居小李", "我家天花板也在漏水")
    sent = await bot.replies()

    assert (
        only(to_group(sent, SHIMA_10)).text == "已有同类事件 #2026-0001，已合并，由 王建国 负责。"
    )
    leader = only(to_person(sent, WANG)).text
    assert (
        "#2026-0001（漏水，石马社区10幢301室）又有居民报告：邻居小李：“我家天花板也在漏水”"
        in leader
    )
    assert "目前共 2 人报告。" in leader
    assert len(await bot.events()) == 1
    async with bot.app.sessions() as session:
        actions = (await session.exec(select(EventLog.action).order_by(col(EventLog.id)))).all()
    assert list(actions) == ["report", "assign", "merge"]


async def test_the_same_reporter_repeating_is_answered_but_the_leader_not_told_twice(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    await bot.replies()
    await bot.say(SHIMA_10, *CHEN_JING, "漏水还在继续，麻烦尽快看看")
    sent = await bot.replies()
    assert only(to_group(sent, SHIMA_10)).text.startswith("已有同类事件 #2026-0001，已合并")
    assert to_person(sent, WANG) == []


async def test_the_same_kind_after_the_duplicate_window_is_a_new_event(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    bot.clock.advance(timedelta(hours=2, minutes=1))
    await bot.say(SHIMA_10, "wxid_neighbour", "邻居小李", "楼上又漏水了")
    assert [e.number for e in await bot.events()] == ["2026-0001", "2026-0002"]


async def test_a_report_sent_to_the_bot_directly_is_answered_there_from_the_senders_home(
    bot: Bot,
) -> None:
    message = memory.direct_message(
        "My toilet is leaking", sender_id=NATTAPONG[0], sender_name=NATTAPONG[1]
    )
    assert await bot.app.handle(message) is Outcome.HANDLED
    sent = await bot.replies()

    answer = only(to_person(sent, NATTAPONG[0])).text
    assert answer.startswith("Recorded #2026-0001 [water leak] room 302, 小和山新苑23号")
    assert "新事件 #2026-0001：漏水" in only(to_person(sent, HU)).text
    assert to_group(sent, XIAOHESHAN_23) == []


async def test_an_urgent_duplicate_makes_the_open_event_urgent_and_alerts_the_worker(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    await bot.replies()
    bot.clock.advance(timedelta(minutes=20))
    await bot.say(SHIMA_10, "wxid_neighbour", "邻居小李", "楼上水管爆了往外喷水")
    sent = await bot.replies()

    group = only(to_group(sent, SHIMA_10)).text.splitlines()
    assert group[0].startswith("⚠️ 请立即拨打 119")
    assert group[1].startswith("已有同类事件 #2026-0001，已合并")
    assert only(to_person(sent, WANG)).text.startswith("【转为紧急】")
    assert "楼上水管爆了往外喷水" in only(to_person(sent, CHEN_XIAOWEI)).text
    [event] = await bot.events()
    assert event.urgent
    assert event.acknowledge_due == bot.clock.now() + timedelta(minutes=5)
    assert event.next_action_at == bot.clock.now()
