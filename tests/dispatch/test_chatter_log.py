"""The chatter log: batches by size or age, keeps order, survives a failed write, bounded."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dispatch.chatter_log import ChatterLog


def row(n: int) -> dict[str, Any]:
    return {"platform": "wechat", "message_id": f"m{n}"}


def test_a_batch_is_due_when_full_or_old() -> None:
    clock = [0.0]
    log = ChatterLog(batch=3, max_age=1.0, monotonic=lambda: clock[0])
    assert not log.due()
    log.add(row(1))
    log.add(row(2))
    assert not log.due()
    clock[0] = 1.0
    assert log.due()  # the oldest waited long enough
    clock[0] = 0.5
    log.add(row(3))
    assert log.due()  # full


def test_rows_of_a_failed_write_come_back_first() -> None:
    log = ChatterLog()
    log.add(row(1))
    log.add(row(2))
    taken = log.take()
    log.add(row(3))
    log.restore(taken)
    assert [r["message_id"] for r in log.take()] == ["m1", "m2", "m3"]


def test_while_the_database_is_away_the_oldest_lines_go_first(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = ChatterLog(limit=3)
    for n in range(5):
        log.add(row(n))
    assert [r["message_id"] for r in log.take()] == ["m2", "m3", "m4"]
    assert "dropped so far: 2" not in caplog.text  # warned at the first, not each
    assert "dropped so far: 1" in caplog.text
