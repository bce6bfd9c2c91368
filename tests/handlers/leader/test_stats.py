""" "本月" / "stats": a leader's own month in numbers, on 梧桐街道 loaded as a deployment
loads it (tests/street.py, the memory transport): assigned, acknowledged on time,
resolved, confirmed fixed, still open and overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from bot.chat import ChatKind
from bot.render import Renderer
from handlers.leader.grammar import Verb, parse_command
from tests.street_fixture import StreetChat

# 兰亭2号楼's group: its landlord, a Chinese tenant, a directory tenant writing English and
# a neighbour the directory does not know.
LEADER = "wxid_shilei_lt"
TENANT_ZH = "wxid_guxiaoyu"
TENANT_EN = "wxid_aisha_r"
NEIGHBOUR = "wxid_omar_h"


@dataclass
class House:
    chat: StreetChat
    room: str

    async def report(self, contact: str, text: str) -> None:
        await self.chat.say(self.room, contact, text)

    async def leader_says(self, text: str) -> None:
        await self.chat.dm(LEADER, text)


@pytest.fixture
async def street(street_chat: StreetChat) -> House:
    await street_chat.link("shi-lei", "aisha-rahman")
    return House(street_chat, await street_chat.bind("lt-2"))


async def stats(street: House, text: str = "本月") -> str:
    await street.leader_says(text)
    [answer] = [d for d in await street.chat.sent() if d.chat_kind is ChatKind.DIRECT]
    assert answer.chat_id == LEADER
    return answer.text


@pytest.mark.parametrize("text", ["本月", "本月统计", "月报", "stats", "STATS", "my month"])
def test_the_words_of_every_language_name_the_command(text: str) -> None:
    command = parse_command(text)
    assert command is not None and command.verb is Verb.STATS


@pytest.mark.parametrize("text", ["本月房租多少", "stats 42", "this month the pipe broke"])
def test_more_than_the_word_is_no_stats_command(text: str) -> None:
    command = parse_command(text)
    assert command is None or command.verb is not Verb.STATS


async def test_a_month_without_events_says_so(street: House) -> None:
    assert await stats(street) == "石磊，您本月（11月1日起）的事件：\n分派给您 0 件。"


async def test_the_month_counts_on_time_resolved_confirmed_open_and_overdue(
    street: House,
) -> None:
    await street.report(TENANT_ZH, "2号楼102卫生间漏水了")  # #1: on time, resolved, confirmed
    await street.report(TENANT_EN, "The people upstairs in building 2 are very noisy every night")
    await street.report(NEIGHBOUR, "The corridor light on the 2nd floor is broken")  # #3: no answer
    await street.leader_says("收到 1")
    await street.leader_says("已解决 1 换了水管")
    await street.report(TENANT_ZH, "解决了，谢谢")
    street.chat.clock.advance(timedelta(hours=3))  # past the two-hour acknowledge deadline
    await street.leader_says("收到 2")  # #2: late, still open, not overdue yet
    await street.chat.sent()

    assert await stats(street) == (
        "石磊，您本月（11月1日起）的事件：\n"
        "分派给您 3 件，按时接单 1 件，已解决 1 件，居民确认修好 1 件。\n"
        "仍未办结 2 件，其中 1 件已超时。回复“我的”查看。"
    )


async def test_a_resident_saying_the_word_is_not_answered_by_the_command(street: House) -> None:
    await street.report(TENANT_ZH, "2号楼102卫生间漏水了")
    await street.chat.sent()
    await street.chat.dm(TENANT_ZH, "本月")
    assert not any(d.chat_id == TENANT_ZH for d in await street.chat.sent())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "numbers",
    [
        dict.fromkeys(("assigned", "on_time", "resolved", "confirmed", "open", "overdue"), 0),
        {"assigned": 1, "on_time": 1, "resolved": 1, "confirmed": 1, "open": 0, "overdue": 0},
        {"assigned": 4, "on_time": 2, "resolved": 1, "confirmed": 0, "open": 3, "overdue": 2},
    ],
)
def test_each_branch_renders_in_both_languages(lang: str, numbers: dict[str, int]) -> None:
    context = {"name": "石磊", "month": date(2026, 11, 25), **numbers}
    text = Renderer().render("leader_stats", context, lang)
    assert str(numbers["assigned"]) in text
    assert ("本月" in text) is (lang == "zh") and ("your month" in text) is (lang == "en")
