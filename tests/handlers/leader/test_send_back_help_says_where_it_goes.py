"""Bug: the help said 退回 sends an event "退回上一级" / "back up", but it goes back to whoever
handed it over, and only one step up the ladder when nobody did (handlers/leader_transfer.py)."""

from __future__ import annotations

import pytest

from bot.render import Renderer


@pytest.mark.parametrize(
    ("lang", "said", "unsaid"),
    [
        ("zh", "退回 42 原因 —— 退回给转派给您的人；不是转派来的，则交上一级", "退回上一级"),
        ("en", "return 42 REASON (back to whoever handed it to you, else one step up)", "back up)"),
    ],
)
def test_the_help_describes_where_a_sent_back_event_goes(lang: str, said: str, unsaid: str) -> None:
    text = Renderer().render("leader_help", {"unknown": False}, lang)
    assert said in text.splitlines()
    assert unsaid not in text
