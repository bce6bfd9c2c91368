"""Leader commands in direct chats, on SQLite and PostgreSQL: each changes the event, logs
it, answers the leader and tells the group what matters to residents."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from bot.dispatch.pipeline import Outcome
from models.crud.people import person_by_contact
from models.event import EventLog
from models.states import EventState
from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.leader_chat import (
    CHEN_JING,
    CHEN_XIAOWEI,
    HU,
    LI_HONG,
    LIU,
    NATTAPONG,
    WANG,
    actions,
    dm,
    event_one,
    group_text,
    report_leak,
    text_to,
)

XIAOHESHAN_23 = "room-xiaoheshan-23"


async def test_ack_with_the_number_acknowledges_and_tells_the_group(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到 2026-0001")
    sent = await bot.replies()

    event = await event_one(bot)
    assert event.state is EventState.ACKNOWLEDGED
    assert text_to(sent, WANG) == (
        "已接单 #2026-0001【漏水】。处理完后回复“已解决 2026-0001 说明”。"
    )
    assert group_text(sent) == "#2026-0001【漏水】 已由 王建国 接单，正在安排处理。"
    assert await actions(bot) == ["report", "assign", "ack"]
    # The worker's next look is the resolve deadline, no longer the acknowledge one.
    assert event.next_action_at == event.resolve_due


@pytest.mark.parametrize(
    "text", ["收到 1", "收到#2026-0001", "0001 收到", "接单2026-0001", "ACK #1", "ack", "收到"]
)
async def test_ack_forgives_how_the_number_is_written_or_left_out(bot: Bot, text: str) -> None:
    await report_leak(bot)
    await dm(bot, WANG, text)

    assert (await event_one(bot)).state is EventState.ACKNOWLEDGED


async def test_replying_shou_dao_to_the_quoted_assignment_acknowledges_that_event(
    bot: Bot,
) -> None:
    first = await report_leak(bot)
    await bot.say("room-shima-10", "wxid_chenjing", "陈静", "10幢楼道垃圾好几天没人清理了")
    await bot.replies()
    assignment = text_to(first, WANG)  # the first event's assignment

    await dm(bot, WANG, "收到", quoted=assignment)
    sent = await bot.replies()

    one, two = await bot.events()
    assert (one.state, two.state) == (EventState.ACKNOWLEDGED, EventState.ASSIGNED)
    assert "#2026-0001" in text_to(sent, WANG)


async def test_without_a_number_several_open_events_are_listed_and_nothing_changes(
    bot: Bot,
) -> None:
    await report_leak(bot)
    await bot.say("room-shima-10", "wxid_chenjing", "陈静", "10幢楼道垃圾好几天没人清理了")
    await bot.replies()

    await dm(bot, WANG, "收到")
    sent = await bot.replies()

    assert text_to(sent, WANG) == (
        "您有多件待办（2026-0001、2026-0002），请写明事件号，如“收到 2026-0001”。"
    )
    assert {e.state for e in await bot.events()} == {EventState.ASSIGNED}


async def test_an_event_awaiting_confirmation_does_not_count_as_open(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "已解决 1")
    await bot.say("room-shima-10", "wxid_chenjing", "陈静", "10幢楼道垃圾好几天没人清理了")
    await dm(bot, WANG, "收到")

    one, two = await bot.events()
    assert (one.state, two.state) == (EventState.RESOLVED, EventState.ACKNOWLEDGED)


async def test_progress_logs_the_note_and_tells_the_group(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "处理中 1 已联系师傅，下午3点上门")
    sent = await bot.replies()

    assert (await event_one(bot)).state is EventState.IN_PROGRESS
    assert group_text(sent) == "#2026-0001【漏水】 处理中：已联系师傅，下午3点上门（王建国）"
    assert text_to(sent, WANG) == "已记录 #2026-0001【漏水】 的进展：已联系师傅，下午3点上门。"
    async with bot.app.sessions() as session:
        last = (await session.exec(select(EventLog).order_by(col(EventLog.id).desc()))).first()
    assert last is not None
    assert (last.action, last.note, last.to_state) == (
        "progress",
        "已联系师傅，下午3点上门",
        EventState.IN_PROGRESS,
    )


async def test_resolve_asks_the_reporter_in_the_group_and_starts_the_48_hours(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到")
    await bot.replies()

    await dm(bot, WANG, "已解决 换了水管接头")
    sent = await bot.replies()

    event = await event_one(bot)
    assert event.state is EventState.RESOLVED
    [question] = to_group(sent, "room-shima-10")
    assert question.mention_ids == (CHEN_JING[0],)
    assert question.text.startswith("您报告的事件 #2026-0001")  # @陈静 names her already
    assert "问题解决了吗？" in question.text
    assert text_to(sent, WANG) == (
        "已办结 #2026-0001【漏水】（换了水管接头）。已请报告人确认是否修好。"
    )
    assert (await actions(bot))[-2:] == ["resolve", "confirm_ask"]
    # Asked now: the worker's next look is the auto-close, 48 hours on.
    assert event.next_action_at == datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


async def test_a_resident_naming_an_event_is_refused_and_nothing_changes(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, CHEN_JING, "已解决 2026-0001")
    sent = await bot.replies()

    assert text_to(sent, CHEN_JING) == (
        "抱歉，您不是事件 #2026-0001 的负责人，不能操作，事件未作改动。"
    )
    assert (await event_one(bot)).state is EventState.ASSIGNED
    assert await actions(bot) == ["report", "assign"]


async def test_another_leader_is_refused_and_nothing_changes(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, LIU, "收到 1")
    sent = await bot.replies()

    assert "不是事件 #2026-0001 的负责人" in text_to(sent, LIU)
    assert not to_group(sent, "room-shima-10")
    assert (await event_one(bot)).state is EventState.ASSIGNED
    assert await actions(bot) == ["report", "assign"]


@pytest.mark.parametrize("who", [CHEN_XIAOWEI, LI_HONG])
async def test_people_above_the_leader_may_change_the_event(bot: Bot, who: tuple[str, str]) -> None:
    await report_leak(bot)
    await dm(bot, who, "处理中 1 已通知房东")
    sent = await bot.replies()

    assert (await event_one(bot)).state is EventState.IN_PROGRESS
    assert f"（{who[1]}）" in group_text(sent)


async def test_a_second_ack_is_refused_with_the_state(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到 1")
    await dm(bot, WANG, "收到 1")
    sent = await bot.replies()

    assert to_person(sent, WANG[0])[-1].text == (
        "#2026-0001【漏水】 当前状态为“已接单”，不能这样操作，事件未作改动。"
    )
    assert await actions(bot) == ["report", "assign", "ack"]


async def test_an_unknown_number_is_named(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到 99")
    sent = await bot.replies()

    assert text_to(sent, WANG) == "没有找到事件 #2026-0099，请核对事件号（如 2026-0042）。"


async def test_an_unknown_command_gets_short_help_in_the_senders_language(bot: Bot) -> None:
    await dm(bot, WANG, "你好")
    sent = await bot.replies()

    assert text_to(sent, WANG).startswith("没看懂这条指令。可用指令")
    assert "收到 42" in text_to(sent, WANG)


async def test_help_in_english_for_a_leader_registered_in_english(bot: Bot) -> None:
    await _speaks_english(bot, HU[0])
    await dm(bot, HU, "hello?")
    sent = await bot.replies()

    assert text_to(sent, HU).startswith("Sorry, I did not understand that. Commands")


async def test_a_residents_direct_message_is_not_taken_as_a_command(bot: Bot) -> None:
    outcome = await dm(bot, CHEN_JING, "你好")

    assert outcome is Outcome.IGNORED
    assert await bot.replies() == []


async def test_a_leaders_direct_report_still_becomes_an_event(bot: Bot) -> None:
    await dm(bot, WANG, "10幢楼道垃圾好几天没人清理了")
    sent = await bot.replies()

    assert [e.kind.value for e in await bot.events()] == ["sanitation"]
    assert not any("可用指令" in d.text for d in sent)


async def test_my_events_lists_the_open_ones(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "我的")
    sent = await bot.replies()

    assert text_to(sent, WANG) == (
        "王建国，您有 1 件待办：\n"
        "#2026-0001【漏水】 石马社区10幢301室 · 待接单 · 11月25日 11:00 前接单\n"
        "回复“详情 事件号”查看详情。"
    )


async def test_details_show_the_history(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到 1")
    await dm(bot, WANG, "详情 1")
    sent = await bot.replies()

    details = to_person(sent, WANG[0])[-1].text
    assert details.startswith("#2026-0001【漏水】 已接单\n位置：石马社区10幢301室\n")
    assert "报告人：陈静；负责人：王建国" in details
    assert "11月25日 10:00 居民报告（陈静）" in details
    assert "11月25日 10:00 接单（王建国）" in details


async def test_english_commands_answer_in_the_leaders_language(bot: Bot) -> None:
    await _speaks_english(bot, HU[0])
    await bot.say(XIAOHESHAN_23, *NATTAPONG, "The toilet in my room is leaking")
    await bot.replies()

    await dm(bot, HU, "ack")
    await dm(bot, HU, "progress plumber comes at 3pm")
    await dm(bot, HU, "resolved new seal fitted")
    sent = await bot.replies()

    assert (await event_one(bot)).state is EventState.RESOLVED
    leader = [d.text for d in to_person(sent, HU[0])]
    assert leader[0] == (
        'Acknowledged #2026-0001 (water leak). When it is fixed, reply "resolved 2026-0001 NOTE".'
    )
    assert leader[1] == "Progress noted on #2026-0001 (water leak): plumber comes at 3pm."
    assert leader[2].startswith("Resolved #2026-0001 (water leak) (new seal fitted).")
    question = to_group(sent, XIAOHESHAN_23)[-1]
    assert question.mention_ids == (NATTAPONG[0],)
    assert "Is it fixed?" in question.text  # the reporter's language


async def test_list_and_details_in_english(bot: Bot) -> None:
    await _speaks_english(bot, HU[0])
    await bot.say(XIAOHESHAN_23, *NATTAPONG, "The toilet in my room is leaking")
    await bot.replies()

    await dm(bot, HU, "list")
    await dm(bot, HU, "details #2026-0001")
    listed, details = (d.text for d in to_person(await bot.replies(), HU[0]))

    assert listed.startswith("胡海, you have 1 open event:\n#2026-0001 (water leak) room 302")
    assert listed.endswith('Reply "details NUMBER" for one of them.')
    assert details.startswith(
        "#2026-0001 (water leak): waiting to be acknowledged\nPlace: room 302"
    )
    assert "Reported by: Nattapong Srisuk; in charge: 胡海" in details
    assert "reported (Nattapong Srisuk)" in details


async def _speaks_english(bot: Bot, contact_id: str) -> None:
    async with bot.app.sessions() as session, session.begin():
        person = await person_by_contact(session, contact_id=contact_id)
        assert person is not None
        person.lang = "en"
        session.add(person)
