"""Bug: "快来人" / "快来帮忙" made any report urgent, so a blocked drain told the group to call
119; and someone fainting, which is urgent, was not even read as a report."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.kinds import Kind
from bot.nlu import parse
from handlers.reports.urgent import emergency_numbers

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("下水道还是堵着，快来人", Kind.DRAIN),
        ("门锁坏了 快来帮忙", Kind.REPAIR),
        ("The toilet is blocked again, help! come right now", Kind.DRAIN),
    ],
)
def test_come_quickly_does_not_make_a_report_urgent(text: str, kind: Kind) -> None:
    reading = parse(text, NOW)
    assert (reading.kind, reading.urgent) == (kind, False)


@pytest.mark.parametrize(
    "text", ["有人晕倒了打120", "楼道里有个老人晕倒了", "Someone fainted in the corridor"]
)
def test_someone_fainting_is_urgent_and_calls_an_ambulance(text: str) -> None:
    reading = parse(text, NOW)
    assert (reading.kind, reading.urgent) == (Kind.HARDSHIP, True)
    assert emergency_numbers(reading.kind, text, urgent=reading.urgent)[0] == "120"
