"""The whole loop with the worker's timers: report → assignment → no answer → reminder →
escalation → acknowledge → resolve → reporter says no → reopened → resolved → yes → closed,
and the report counts it as confirmed fixed (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from bot.followup.worker import FollowupWorker
from bot.reporting import summarise
from models.crud.report_queries import report_rows
from models.states import CloseReason, EventState
from tests.handlers.conftest import START, Bot, to_group, to_person
from tests.handlers.leader_chat import (
    CHEN_JING,
    CHEN_XIAOWEI,
    SHIMA_10,
    WANG,
    actions,
    dm,
    event_one,
    report_leak,
)


def worker_of(bot: Bot) -> FollowupWorker:
    assert bot.app.followup is not None
    return bot.app.followup


async def at(bot: Bot, hours: float) -> list[str]:
    """Move the clock to START + `hours`, let the worker act, return who got messages."""
    bot.clock.set(START + timedelta(hours=hours))
    await worker_of(bot).tick()
    return [d.chat_id for d in await bot.replies()]


async def test_the_loop_closes_with_the_workers_reminder_and_escalation(bot: Bot) -> None:
    await report_leak(bot)  # 10:00, a leak: acknowledge within the hour
    bot.clock.set(START + timedelta(minutes=30))
    await worker_of(bot).tick()  # the bot started at 10:00: this morning's digest is still due
    [digest] = await bot.replies()
    assert digest.chat_id == WANG[0] and "待办事件 1 件" in digest.text
    assert await at(bot, 0.75) == []
    assert await at(bot, 1) == [WANG[0]]  # reminder 1
    assert await at(bot, 2) == [WANG[0]]  # reminder 2
    bot.clock.set(START + timedelta(hours=3))
    await worker_of(bot).tick()
    [escalation] = to_person(await bot.replies(), CHEN_XIAOWEI[0])
    assert "升级" in escalation.text and escalation.text.count("催办提醒") == 2

    await dm(bot, WANG, "收到")
    await bot.replies()
    await dm(bot, WANG, "已解决 换了水管接头")
    [question] = to_group(await bot.replies(), SHIMA_10)
    assert question.mention_ids == (CHEN_JING[0],)
    await bot.say(SHIMA_10, *CHEN_JING, "没有，还在漏")
    await bot.replies()
    assert (await event_one(bot)).state is EventState.REOPENED

    bot.clock.advance(timedelta(hours=1))
    assert await at(bot, 4) == []  # reopened: a fresh resolve deadline, nothing due yet
    await dm(bot, WANG, "已解决 重新打了胶")
    await bot.replies()
    await bot.say(SHIMA_10, *CHEN_JING, "修好了，谢谢")
    await bot.replies()

    event = await event_one(bot)
    assert (event.state, event.close_reason) == (EventState.CLOSED, CloseReason.FIXED)
    assert await at(bot, 100) == []  # closed: the worker has nothing left to say
    history = await actions(bot)
    assert history[:5] == ["report", "assign", "remind", "remind", "escalate"]
    async with bot.app.sessions() as session:
        summary = summarise(await report_rows(session, since=START), now=bot.clock.now())
    assert summary.closed_by_reason == {CloseReason.FIXED: 1}
    assert summary.total == 1 and summary.median_acknowledge == timedelta(hours=3)
