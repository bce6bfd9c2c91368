"""The self-check's completion on the console's dashboard, per grid of the viewer's scope."""

from __future__ import annotations

import re

from tests.handlers.clue.test_clue_console import signed_in
from tests.handlers.selfcheck.test_selfcheck import jobs, launch
from tests.street import Street
from tests.street_fixture import ChatLauncher, Configure


async def test_the_dashboard_shows_this_months_completion_per_grid(
    street_configure: Configure, street_chat_launch: ChatLauncher, street: Street
) -> None:
    chat = await launch(street_configure, street_chat_launch)
    await chat.link("shi-lei")
    await jobs(chat).run_due()
    await chat.dm(street.contact("dai-guohua"), "1是 2否 3是 4是")
    await chat.sent()
    staff = await signed_in(chat, "xu-wenjuan")  # 清水湾社区: not 兰亭's grid
    try:
        html = await (await staff.get("/console")).text()
    finally:
        await staff.close()
    card = html[html.index('id="selfcheck"') :]
    assert "安全自查 2026-11" in card
    assert re.search(
        r'data-grid="qs-g1"><td>清水湾第一网格</td><td>1/2 \(50.0%\)</td><td>1</td>', card
    )
    assert 'data-grid="lt-g1"' not in card
