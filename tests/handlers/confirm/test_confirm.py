"""Reporter confirmation: yes closes the event as fixed, no reopens it to the assignee with
the reason; only the reporter of a resolved event is heard (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.dispatch.pipeline import Outcome
from handlers.confirm.grammar import Answer, parse_answer
from models.states import CloseReason, EventState
from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.leader_chat import (
    CHEN_JING,
    LI_MING,
    SHIMA_10,
    WANG,
    actions,
    dm,
    event_one,
    report_leak,
)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("是", Answer(True)),
        ("好了，谢谢！", Answer(True)),
        ("修好了谢谢", Answer(True)),
        ("解决了", Answer(True)),
        ("Yes", Answer(True)),
        ("fixed, thanks", Answer(True)),
        ("ok", Answer(True)),
        ("没有", Answer(False)),
        ("没有，还在漏", Answer(False, "还在漏")),
        ("没修好还在滴水", Answer(False, "还在滴水")),
        ("没解决 楼上还在滴", Answer(False, "楼上还在滴")),
        ("还没好", Answer(False)),
        ("no", Answer(False)),
        ("No - still dripping", Answer(False, "still dripping")),
        ("not fixed", Answer(False)),
    ],
)
def test_answers_are_read(text: str, answer: Answer) -> None:
    assert parse_answer(text) == answer


@pytest.mark.parametrize("text", ["还是漏", "还在漏水！", "依然很吵", "仍然堵着"])
def test_still_broken_without_a_no_is_a_no(text: str) -> None:
    # Bug: "还是漏" after "问题解决了吗？" was ignored; the event stayed resolved.
    assert parse_answer(text) == Answer(False, text.rstrip("！"))


@pytest.mark.parametrize("text", ["还在吗？", "还是谢谢你们", "还好"])
def test_still_words_that_are_no_answer_are_not_read_as_no(text: str) -> None:
    assert parse_answer(text) is None


@pytest.mark.parametrize(
    "text", ["没有人管吗", "好了吗？", "10幢漏水了", "okay so what now", "no water since morning"]
)
def test_other_messages_are_no_answers(text: str) -> None:
    assert parse_answer(text) is None


async def _resolved(bot: Bot, note: str = "换了水管接头") -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到")
    await dm(bot, WANG, f"已解决 {note}")
    await bot.replies()


async def test_yes_closes_the_event_as_fixed_and_tells_the_assignee(bot: Bot) -> None:
    await _resolved(bot)
    await bot.say(SHIMA_10, *CHEN_JING, "修好了，谢谢！")
    sent = await bot.replies()

    event = await event_one(bot)
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
    assert event.next_action_at is None  # nothing left for the worker
    [thanks] = to_group(sent, SHIMA_10)
    assert (thanks.text, thanks.mention_ids) == (
        "感谢确认！#2026-0001【漏水】 已办结。",
        (CHEN_JING[0],),
    )
    assert to_person(sent, WANG[0])[0].text == (
        "报告人 陈静 已确认 #2026-0001【漏水】 修好了，事件已办结。辛苦了！"
    )
    assert (await actions(bot))[-1] == "confirm"


async def test_no_with_a_reason_reopens_it_to_the_assignee(bot: Bot) -> None:
    await _resolved(bot)
    bot.clock.advance(timedelta(hours=1))
    await bot.say(SHIMA_10, *CHEN_JING, "没有，楼下天花板还在滴水")
    sent = await bot.replies()

    event = await event_one(bot)
    assert event.state is EventState.REOPENED
    # 24 hours outside the quiet hours from reopening (Wednesday 11:00): Thursday 20:30.
    assert event.resolve_due == datetime(2026, 11, 26, 12, 30, tzinfo=UTC)
    assert event.next_action_at == event.resolve_due
    assert to_person(sent, WANG[0])[0].text == (
        "报告人 陈静 说 #2026-0001【漏水】 还没有解决：“楼下天花板还在滴水”。"
        "事件已重新打开，请继续处理，11月26日 20:30 前办结；"
        "处理好后回复“已解决 2026-0001 说明”。"
    )
    assert to_group(sent, SHIMA_10)[0].text == (
        "收到，#2026-0001【漏水】 已重新打开，已转告 王建国 继续处理。"
    )
    assert (await actions(bot))[-1] == "reopen"


async def test_the_whole_loop_no_then_resolved_again_then_yes(bot: Bot) -> None:
    await _resolved(bot)
    await bot.say(SHIMA_10, *CHEN_JING, "没修好")
    await bot.replies()

    await dm(bot, WANG, "已解决 重新换了密封圈")
    sent = await bot.replies()
    assert (await event_one(bot)).state is EventState.RESOLVED
    assert "问题解决了吗？" in to_group(sent, SHIMA_10)[0].text  # asked again

    await bot.say(SHIMA_10, *CHEN_JING, "好了")
    await bot.replies()

    event = await event_one(bot)
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
    assert await actions(bot) == [
        "report",
        "assign",
        "ack",
        "resolve",
        "confirm_ask",
        "reopen",
        "resolve",
        "confirm_ask",
        "confirm",
    ]


async def test_someone_elses_answer_is_chatter(bot: Bot) -> None:
    await _resolved(bot)
    outcome = await bot.say(SHIMA_10, *LI_MING, "好了")

    assert outcome is Outcome.IGNORED
    assert (await event_one(bot)).state is EventState.RESOLVED


async def test_an_answer_before_the_resolve_is_no_confirmation(bot: Bot) -> None:
    await report_leak(bot)
    outcome = await bot.say(SHIMA_10, *CHEN_JING, "好了")

    assert outcome is Outcome.IGNORED
    assert (await event_one(bot)).state is EventState.ASSIGNED


async def test_a_direct_report_is_asked_and_answered_directly(bot: Bot) -> None:
    await dm(bot, CHEN_JING, "10幢301卫生间漏水了")
    await dm(bot, WANG, "收到")
    await dm(bot, WANG, "已解决")
    sent = await bot.replies()
    assert not to_group(sent, SHIMA_10)  # a direct report stays out of the group
    assert "问题解决了吗？" in to_person(sent, CHEN_JING[0])[-1].text

    await dm(bot, CHEN_JING, "是的")
    sent = await bot.replies()

    assert (await event_one(bot)).state is EventState.CLOSED
    assert to_person(sent, CHEN_JING[0])[0].text == "感谢确认！#2026-0001【漏水】 已办结。"


async def test_in_quiet_hours_the_question_waits_for_the_worker(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到")
    await bot.replies()
    bot.clock.set(datetime(2026, 11, 25, 15, 0, tzinfo=UTC))  # 23:00 in Shanghai
    await dm(bot, WANG, "已解决")
    sent = await bot.replies()

    event = await event_one(bot)
    assert not to_group(sent, SHIMA_10)
    assert "稍后将请报告人确认是否修好" in to_person(sent, WANG[0])[-1].text
    assert "confirm_ask" not in await actions(bot)
    assert event.next_action_at == datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # 07:30 local
