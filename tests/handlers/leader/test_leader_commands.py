"""The leaders' command grammar (pure): every verb in Chinese and English, forgiving
numbers, and the messages that must not be read as commands."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.leader.away import away_until
from handlers.leader.grammar import Command, Verb, parse_command
from handlers.leader.numbers import EventRef, number_in_quote

N42 = EventRef(42)
FULL = EventRef(42, 2026)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收到 42", Command(Verb.ACK, N42)),
        ("收到42", Command(Verb.ACK, N42)),
        ("42 收到", Command(Verb.ACK, N42)),
        ("收到 #2026-0042", Command(Verb.ACK, FULL)),
        ("收到 2026-0042", Command(Verb.ACK, FULL)),
        ("收到 0042", Command(Verb.ACK, N42)),
        ("#2026-0042 收到", Command(Verb.ACK, FULL)),
        ("接单", Command(Verb.ACK)),
        ("收到，马上去", Command(Verb.ACK, note="马上去")),
        ("ack 42", Command(Verb.ACK, N42)),
        ("ACK #2026-0042", Command(Verb.ACK, FULL)),
        ("ack", Command(Verb.ACK)),
        ("处理中 42 已联系师傅", Command(Verb.PROGRESS, N42, "已联系师傅")),
        ("处理中 10幢水管已换", Command(Verb.PROGRESS, note="10幢水管已换")),
        ("处理中 3点上门", Command(Verb.PROGRESS, note="3点上门")),
        ("progress 42 plumber comes at 3", Command(Verb.PROGRESS, N42, "plumber comes at 3")),
        ("已解决 42 换了水管", Command(Verb.RESOLVE, N42, "换了水管")),
        ("办结2026-0042，换了水管。", Command(Verb.RESOLVE, FULL, "换了水管")),
        ("已解决", Command(Verb.RESOLVE)),
        ("resolved 42 new seal", Command(Verb.RESOLVE, N42, "new seal")),
        ("Done.", Command(Verb.RESOLVE)),
        ("转派 42 给 物业", Command(Verb.HANDOVER, N42, "物业")),
        ("转派42给张伟", Command(Verb.HANDOVER, N42, "张伟")),
        ("转派给物业", Command(Verb.HANDOVER, note="物业")),
        ("handover 42 to property", Command(Verb.HANDOVER, N42, "property")),
        ("hand over #2026-0042 to zhang-wei", Command(Verb.HANDOVER, FULL, "zhang-wei")),
        ("退回 42 不归我管", Command(Verb.SEND_BACK, N42, "不归我管")),
        ("return 42 not my building", Command(Verb.SEND_BACK, N42, "not my building")),
        ("我的", Command(Verb.LIST)),
        ("我的事件", Command(Verb.LIST)),
        ("list", Command(Verb.LIST)),
        ("详情 42", Command(Verb.DETAILS, N42)),
        ("details #2026-0042", Command(Verb.DETAILS, FULL)),
        ("销假", Command(Verb.BACK)),
        ("back", Command(Verb.BACK)),
        ("帮助", Command(Verb.HELP)),
        ("？", Command(Verb.HELP)),
        ("help", Command(Verb.HELP)),
    ],
)
def test_commands_are_read_forgivingly(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "until", "deputy"),
    [
        ("请假 到12月3日 由 张伟 代理", "12月3日", "张伟"),
        ("请假到12月3日，张伟代理", "12月3日", "张伟"),
        ("请假 12月3日前 让刘桂英代班", "12月3日", "刘桂英"),
        ("请假3天", "3天", None),
        ("away until Dec 3, deputy Zhang Wei", "Dec 3", "Zhang Wei"),
        ("away till 3 December; deputy: liu-guiying", "3 December", "liu-guiying"),
    ],
)
def test_away_takes_a_date_and_an_optional_deputy(
    text: str, until: str, deputy: str | None
) -> None:
    assert parse_command(text) == Command(Verb.AWAY, until=until, deputy=deputy)


@pytest.mark.parametrize(
    "text",
    [
        "10幢301卫生间漏水了",
        "我的房间漏水了",  # starts like "我的" (list) but is a report
        "donation box is full",  # starts like "done"
        "shower is broken",  # starts like "show"
        "42",
        "你好",
        "请假",  # no date: not enough to act on
        "help me please",
    ],
)
def test_other_messages_are_no_commands(text: str) -> None:
    assert parse_command(text) is None


@pytest.mark.parametrize(
    ("quoted", "expected"),
    [
        ("新事件 #2026-0042：漏水\n报告人：陈静", FULL),
        ('Reply "ack 2026-0042" to acknowledge', FULL),
        ("请于 11月25日 11:00 前接单", None),
        (None, None),
    ],
)
def test_a_quoted_assignment_names_its_event(quoted: str | None, expected: EventRef) -> None:
    assert number_in_quote(quoted) == expected


def test_a_bare_number_means_this_year() -> None:
    assert N42.number(2027) == "2027-0042"
    assert FULL.number(2027) == "2026-0042"


NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai


@pytest.mark.parametrize(
    ("phrase", "back_on"),
    [
        ("12月3日", datetime(2026, 12, 4, tzinfo=SHANGHAI)),
        ("12.3", datetime(2026, 12, 4, tzinfo=SHANGHAI)),
        ("Dec 3", datetime(2026, 12, 4, tzinfo=SHANGHAI)),
        ("3天", datetime(2026, 11, 28, tzinfo=SHANGHAI)),
        ("三天", datetime(2026, 11, 28, tzinfo=SHANGHAI)),
        ("2 days", datetime(2026, 11, 27, tzinfo=SHANGHAI)),
        ("下周五", datetime(2026, 12, 5, tzinfo=SHANGHAI)),
    ],
)
def test_away_lasts_through_the_last_day_named(phrase: str, back_on: datetime) -> None:
    until = away_until(phrase, NOW, SHANGHAI)
    assert until == back_on
    assert until is not None and until.tzinfo is UTC


def test_an_unreadable_away_date_is_none() -> None:
    assert away_until("soon", NOW, SHANGHAI) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("重复 42 同 41", Command(Verb.DUPLICATE, N42, "同 41")),
        ("42 重复，同2026-0041", Command(Verb.DUPLICATE, N42, "同2026-0041")),
        ("duplicate #2026-0042 of 41", Command(Verb.DUPLICATE, FULL, "of 41")),
        ("不受理 42 属于市政管网", Command(Verb.NOT_RESPONSIBLE, N42, "属于市政管网")),
        ("not ours 42 city water mains", Command(Verb.NOT_RESPONSIBLE, N42, "city water mains")),
        ("重复 42", Command(Verb.DUPLICATE, N42)),  # no reason: refused, nothing closed
    ],
)
def test_closing_commands_take_a_number_and_a_reason(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", ["重复漏水了好几次", "重复", "not ours", "duplicated 42"])
def test_closing_never_falls_back_on_the_senders_open_event(text: str) -> None:
    command = parse_command(text)
    assert command is None or command.verb not in (Verb.DUPLICATE, Verb.NOT_RESPONSIBLE)
