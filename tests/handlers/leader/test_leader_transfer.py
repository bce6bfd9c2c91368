"""Hand-over, send-back and away with a deputy, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.followup.who import target_at
from models.away import PersonAway
from models.crud.people import person_by_contact
from models.levels import Level
from models.person import Person
from models.states import EventState
from tests.handlers.conftest import Bot, to_person
from tests.handlers.leader_chat import (
    CHEN_XIAOWEI,
    LIU,
    WANG,
    WUYE,
    actions,
    dm,
    event_one,
    report_leak,
    text_to,
)


async def _assignee(bot: Bot) -> str | None:
    event = await event_one(bot)
    async with bot.app.sessions() as session:
        person = await session.get(Person, event.assignee_id) if event.assignee_id else None
        return person.name if person else None


async def test_hand_over_to_property_reassigns_and_tells_them(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到 1")
    await bot.replies()

    await dm(bot, WANG, "转派 1 给 物业")
    sent = await bot.replies()

    event = await event_one(bot)
    assert (event.state, await _assignee(bot)) == (EventState.ASSIGNED, "石马物业值班")
    assert text_to(sent, WANG) == "已将 #2026-0001【漏水】 转派给 石马物业值班。"
    told = text_to(sent, WUYE)
    assert told.startswith("王建国 把事件 #2026-0001【漏水】 转派给您。")
    assert "请于 11月25日 11:00 前接单。" in told
    assert (await actions(bot))[-1] == "handover"
    # The property manager may now work the event like a leader.
    await dm(bot, WUYE, "收到")
    assert (await event_one(bot)).state is EventState.ACKNOWLEDGED


async def test_hand_over_in_english_by_directory_key(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "handover 1 to liu-guiying")
    sent = await bot.replies()

    assert await _assignee(bot) == "刘桂英"
    assert "王建国 把事件 #2026-0001" in text_to(sent, LIU)


async def test_hand_over_to_someone_unknown_changes_nothing(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "转派 1 给 不存在的人")
    sent = await bot.replies()

    assert text_to(sent, WANG) == (
        "没有找到“不存在的人”这个人，请写全名或名录里的编号，事件未作改动。"
    )
    assert await _assignee(bot) == "王建国"
    assert await actions(bot) == ["report", "assign"]


async def test_send_back_goes_one_step_up_the_ladder_with_the_reason(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "退回 1 这不是我的房子")
    sent = await bot.replies()

    assert await _assignee(bot) == "陈晓伟"
    assert text_to(sent, WANG) == "已将 #2026-0001【漏水】 退回给 陈晓伟。"
    assert text_to(sent, CHEN_XIAOWEI).startswith(
        "王建国 退回了事件 #2026-0001【漏水】，原因：“这不是我的房子”。现由您负责。"
    )


async def test_send_back_after_a_hand_over_returns_to_whoever_handed_it(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "转派 1 给 物业")
    await bot.replies()
    await dm(bot, WUYE, "return 1 not a property matter")
    sent = await bot.replies()

    assert await _assignee(bot) == "王建国"
    assert "石马物业值班 退回了事件 #2026-0001【漏水】，原因：“not a property matter”" in (
        text_to(sent, WANG)
    )


async def test_away_with_a_deputy_is_stored_and_the_deputy_may_act(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "请假 到12月3日 由 刘桂英 代理")
    sent = await bot.replies()

    assert text_to(sent, WANG) == (
        "已登记请假至 12月3日（12月4日起恢复）。期间的提醒由 刘桂英 代理。提前回来请回复“销假”。"
    )
    event = await event_one(bot)
    async with bot.app.sessions() as session:
        wang = await person_by_contact(session, contact_id=WANG[0])
        assert wang is not None and wang.id is not None
        mark = await session.get(PersonAway, wang.id)
        assert mark is not None
        assert mark.until == datetime(2026, 12, 3, 16, 0, tzinfo=UTC)  # 12-04 00:00 Shanghai
        # The follow-up worker now reaches the deputy for the leader.
        target = await target_at(session, event, Level.LANDLORD_GRID_LEADER, bot.clock.now())
        assert target is not None and target.person.name == "刘桂英"

    assert text_to(sent, LIU).startswith("王建国 请假至 12月3日，期间由您代理")

    await dm(bot, LIU, "我的")
    assert text_to(await bot.replies(), LIU) == (
        "刘桂英，您目前没有待办事件。\n"
        "代理 王建国 的事件：\n"
        "#2026-0001【漏水】 石马社区10幢301室 · 待接单 · 11月25日 11:00 前接单\n"
        "回复“详情 事件号”查看详情。"
    )
    await dm(bot, LIU, "收到 1")  # the deputy of the away assignee
    assert (await event_one(bot)).state is EventState.ACKNOWLEDGED


async def test_away_in_english_and_back_again(bot: Bot) -> None:
    await dm(bot, WANG, "away until Dec 3, deputy liu-guiying")
    await dm(bot, WANG, "销假")
    sent = await bot.replies()

    away, back = (d.text for d in to_person(sent, WANG[0]))
    assert (
        away
        == (  # an English message switches the sender's language (handlers.onboarding.language)
            "Marked away through Thu 3 Dec 2026 (back on Fri 4 Dec 2026)."
            " 刘桂英 stands in for you meanwhile."
            ' Reply "back" if you return early.'
        )
    )
    # A command word ("销假") says nothing about the sender's language (bot/lang/detect.py).
    assert back == "Welcome back! New events and reminders come to you again."
    async with bot.app.sessions() as session:
        assert (await session.exec(select(PersonAway))).all() == []


async def test_an_away_date_in_the_past_is_refused(bot: Bot) -> None:
    await dm(bot, WANG, "请假 到11月1日")
    sent = await bot.replies()

    assert text_to(sent, WANG).startswith("没看懂请假日期“11月1日”")
