"""What filing a report costs the database, in statements: a count is deterministic where a
timing is not, and a report is the busiest write (benchmarks/bench_e2e.py times it).

The report's own work (reporter facts, the house, the duplicate check, the event with its
log, the outbox) is pinned exactly; the whole message (with the look-ups every message makes,
bot/dispatch) is held to the budget the benchmark needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bot.dispatch.pipeline import Outcome
from tests.handlers.conftest import Bot

SHIMA_10 = "room-shima-10"
CHEN_JING = ("wxid_chenjing", "陈静")  # tenant of 石马社区10幢, room 301
NEIGHBOUR = ("wxid_neighbour", "邻居小李")

MESSAGE_BUDGET = 12  # every statement of one report message, whoever issues it
# Tables only filing a report touches (the per-message look-ups touch none of them).
REPORT_TABLES = {
    "language_choice",
    "community",
    "event",
    "event_counter",
    "event_log",
    "event_reporter",
    "outbox",
}
_TABLE = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)', re.IGNORECASE)


def tables(statement: str) -> set[str]:
    return set(_TABLE.findall(statement))


@contextmanager
def statements(bot: Bot) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = bot.app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


async def cost(bot: Bot, sender: tuple[str, str], text: str) -> tuple[list[str], list[str]]:
    """Every statement of handling `text`, and those of them the report itself issued.

    The sender has chatted in the group before: the bot knows them, as it knows most
    senders of most reports."""
    await bot.say(SHIMA_10, *sender, "收到 谢谢")
    with statements(bot) as seen:
        assert await bot.say(SHIMA_10, *sender, text) is Outcome.HANDLED
    await bot.replies()
    return seen, [s for s in seen if tables(s) & REPORT_TABLES]


def test_the_report_tables_are_told_apart() -> None:
    assert tables("SELECT a FROM person LEFT OUTER JOIN language_choice ON x") == {
        "person",
        "language_choice",
    }
    assert tables("INSERT INTO event_log (event_id) VALUES (?)") == {"event_log"}
    assert not tables("SELECT landlord_grid.id FROM landlord_grid WHERE x") & REPORT_TABLES


async def test_a_new_report_costs_seven_statements_of_its_own(bot: Bot) -> None:
    # facts (language + home), the house, the duplicate check, the number, the event, its
    # two log rows (one statement), the three messages (one statement)
    everything, own = await cost(bot, CHEN_JING, "10幢卫生间漏水了")

    assert len(own) == 7, own
    assert len(everything) <= MESSAGE_BUDGET, everything


async def test_an_urgent_report_costs_no_more_than_a_plain_one(bot: Bot) -> None:
    # The micro-grid worker comes with the house; the alert goes with the other messages.
    everything, own = await cost(bot, CHEN_JING, "着火了！楼道里都是烟")

    assert len(own) == 7, own
    assert len(everything) <= MESSAGE_BUDGET, everything
    assert [e.urgent for e in await bot.events()] == [True]


async def test_a_duplicate_costs_six_statements_of_its_own(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    await bot.replies()
    bot.clock.advance(timedelta(minutes=40))

    # facts, the house, the duplicate with its reporters, the new reporter, the merge log,
    # the messages
    everything, own = await cost(bot, NEIGHBOUR, "我家天花板也在漏水")

    assert len(own) == 6, own
    assert len(everything) <= MESSAGE_BUDGET, everything
    assert len(await bot.events()) == 1


async def test_an_urgent_duplicate_adds_only_the_upgrade(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢卫生间漏水了")
    await bot.replies()
    bot.clock.advance(timedelta(minutes=20))

    # the six of a duplicate, and the event made urgent with its log row
    _, own = await cost(bot, NEIGHBOUR, "楼上水管爆了往外喷水")

    assert len(own) == 8, own
    assert [e.urgent for e in await bot.events()] == [True]
