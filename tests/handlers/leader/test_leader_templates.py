"""Every branch of the leader and confirmation templates renders in both languages with
the values the handlers give (StrictUndefined: a missing value fails here, not in a chat)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.followup.views import event_view
from bot.kinds import Kind
from bot.render import Renderer
from models.event import Event

LOCAL = ZoneInfo("Asia/Shanghai")
EVENT = event_view(
    Event(
        number="2026-0042",
        kind=Kind.LEAK,
        text="10幢301卫生间漏水",
        building="10",
        room="301",
        created_at=datetime(2026, 11, 25, 2, tzinfo=UTC),
        acknowledge_due=datetime(2026, 11, 25, 3, tzinfo=UTC),
        resolve_due=datetime(2026, 11, 26, 2, tzinfo=UTC),
    ),
    LOCAL,
    None,
)
REASONS = (
    "not_allowed",
    "not_found",
    "none_open",
    "which",
    "illegal",
    "no_target",
    "unknown_person",
    "ambiguous_person",
    "same_person",
    "nowhere_back",
    "bad_date",
)
CLOSINGS = ("duplicate", "not_responsible")
BASE = {"event": EVENT, "number": "2026-0042", "state": "resolved", "names": ["张伟", "张薇"]}
CASES: list[tuple[str, dict[str, Any]]] = [
    *(
        ("refused", {**BASE, "reason": r, "numbers": ["2026-0042"], "who": "张伟", "given": "soon"})
        for r in REASONS
    ),
    *(("refused", {**BASE, "reason": "no_reason", "action": a}) for a in CLOSINGS),
    *(
        (
            "ack_done",
            {"action": a, "event": EVENT, "note": "换了接头", "who": "刘桂英", "asked": True},
        )
        for a in ("ack", "progress", "resolve", "handover", "send_back", *CLOSINGS)
    ),
    *(("closed_line", {"event": EVENT, "reason": r, "note": "同 2026-0041"}) for r in CLOSINGS),
    ("leader_help", {"unknown": True}),
    ("progress_line", {"event": EVENT, "state": "acknowledged", "handler": "王建国", "note": None}),
    ("progress_line", {"event": EVENT, "state": "in_progress", "handler": "王建国", "note": "x"}),
    ("resolved_line", {"event": EVENT, "handler": "王建国", "note": "换了接头"}),
    ("confirm_closed", {"event": EVENT, "reporter": "陈静", "to_assignee": True}),
    ("confirm_closed", {"event": EVENT, "reporter": "陈静", "to_assignee": False}),
    *(
        (
            "reopened_to_assignee",
            {
                "event": EVENT,
                "reporter": "陈静",
                "to_assignee": t,
                "reason": "还在漏",
                "handler": "王建国",
            },
        )
        for t in (True, False)
    ),
    ("my_events", {"name": "王建国", "events": [EVENT], "more": 2, "covering": []}),
    (
        "my_events",
        {
            "name": "刘桂英",
            "events": [],
            "more": 0,
            "covering": [{"name": "王建国", "events": [EVENT]}],
        },
    ),
    ("my_events", {"name": "王建国", "events": [], "more": 0, "covering": []}),
    *(
        (
            "event_details",
            {
                "event": EVENT,
                "reporters": ["陈静"],
                "assignee": "王建国",
                "close_reason": None,
                "history": [
                    {"at": EVENT["created_at"], "action": "report", "actor": "陈静", "note": ""}
                ],
                "photos": photos,
            },
        )
        for photos in (None, {"report": 2, "fix": 1, "page": "https://x.cn/console/events/1"})
    ),
    ("handed_over", {"event": EVENT, "by": "王建国", "note": None}),
    ("sent_back", {"event": EVENT, "by": "王建国", "reason": "不归我管"}),
    *(
        (
            "away_set",
            {
                "back": False,
                "to_deputy": d,
                "who": "王建国",
                "until": datetime(2026, 12, 4, tzinfo=LOCAL),
                "last_day": date(2026, 12, 3),
                "deputy": "刘桂英",
            },
        )
        for d in (True, False)
    ),
    ("away_set", {"back": True, "to_deputy": False, "was_away": True, "deputy": None}),
]


NO_NUMBER = frozenset({"unknown_person", "ambiguous_person", "bad_date"})


def _values(value: object) -> list[str]:
    """Every string a context carries (names, notes, the report): they keep their script."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _values(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _values(item)]
    return []


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("template", "context"), CASES)
def test_each_branch_renders(template: str, context: dict[str, Any], lang: str) -> None:
    text = Renderer().render(template, context, lang)

    assert text.strip()
    if "event" in context and context.get("reason") not in NO_NUMBER:
        assert "2026-0042" in text
    words = text
    for value in sorted(_values(context), key=len, reverse=True):
        words = words.replace(value, "")
    assert _has_han(words) is (lang == "zh"), text
