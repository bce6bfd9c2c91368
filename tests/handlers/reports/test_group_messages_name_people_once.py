"""Bugs: "@陈静 陈静，您报告的…" named the reporter twice, and an urgent report by the leader
herself told the group "已同时通知 刘桂英" — as if she needed telling."""

from __future__ import annotations

from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.leader_chat import CHEN_JING, CHEN_XIAOWEI, LIU, WANG, dm, report_leak

SHIMA_10 = "room-shima-10"
SHIMA_12 = "room-shima-12"


async def test_the_confirmation_question_names_the_reporter_only_by_the_mention(bot: Bot) -> None:
    await report_leak(bot)
    await dm(bot, WANG, "收到")
    await bot.replies()
    await dm(bot, WANG, "已解决 换了水管接头")
    [question] = to_group(await bot.replies(), SHIMA_10)
    assert question.mention_ids == (CHEN_JING[0],)
    assert question.text.startswith("您报告的事件 #2026-0001")
    assert "陈静" not in question.text


async def test_an_urgent_report_by_the_leader_does_not_say_she_was_notified(bot: Bot) -> None:
    await bot.say(SHIMA_12, *LIU, "12幢楼道着火了，冒浓烟")
    sent = await bot.replies()
    group = to_group(sent, SHIMA_12)[0].text
    assert "已同时通知 微网格员 陈晓伟，请注意安全。" in group.splitlines()
    assert "刘桂英" not in group
    assert to_person(sent, CHEN_XIAOWEI[0])


async def test_an_urgent_report_by_a_tenant_still_lists_both(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢楼道着火了，冒浓烟")
    group = to_group(await bot.replies(), SHIMA_10)[0].text
    assert "已同时通知 王建国 和微网格员 陈晓伟，请注意安全。" in group.splitlines()
