"""An anonymous clue on the staff console (梧桐街道): the event page names nobody; only the
community's staff may reveal the reporter, with a purpose, and the look is audited."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from models.audit import ReporterReveal
from models.event import Event
from tests.console.support import Client, console_app, csrf_of, sign_in
from tests.handlers.clue.test_clue import CLUE, REPORTER, identity
from tests.street import Street
from tests.street_fixture import StreetChat


@pytest.fixture
async def clue_number(street_chat: StreetChat, street: Street) -> str:
    await street_chat.link("dai-guohua", REPORTER)
    await street_chat.dm(street.contact(REPORTER), CLUE)
    await street_chat.sent()
    async with street_chat.app.sessions() as session:
        [event] = (await session.exec(select(Event))).all()
    return event.number


async def signed_in(chat: StreetChat, key: str) -> Client:
    """A browser of `key` on the console (each its own app, like another device)."""
    settings = chat.app.settings
    # The street's public_url is https (Secure cookies); the test client speaks plain http.
    local = replace(settings, register=replace(settings.register, public_url="http://127.0.0.1"))
    client: Client = TestClient(TestServer(console_app(local, chat.app.sessions, chat.clock)))
    await client.start_server()
    await sign_in(client, chat.app.sessions, key, chat.clock.now())
    return client


async def test_only_community_staff_reveal_and_the_purpose_is_audited(
    street_chat: StreetChat, street: Street, clue_number: str
) -> None:
    page = f"/console/events/{clue_number}"
    worker = await signed_in(street_chat, "pan-zhiyuan")  # the grid's worker
    try:
        html = await (await worker.get(page)).text()
        assert "匿名（线索举报）" in html and 'id="reveal-reporter"' not in html
        assert not [mark for mark in identity(street) if mark in html]
        refused = await worker.post(
            f"{page}/reveal-reporter", data={"csrf_token": csrf_of(html), "purpose": "核实情况需要"}
        )
        assert refused.status == 403
        assert not [mark for mark in identity(street) if mark in await refused.text()]
    finally:
        await worker.close()

    staff = await signed_in(street_chat, "xu-wenjuan")  # 清水湾社区's staff
    try:
        html = await (await staff.get(page)).text()
        assert 'id="reveal-reporter"' in html
        assert not [mark for mark in identity(street) if mark in html]
        token = csrf_of(html)
        short = await staff.post(
            f"{page}/reveal-reporter", data={"csrf_token": token, "purpose": "看"}
        )
        assert "请写明查看用途" in await short.text()
        shown = await staff.post(
            f"{page}/reveal-reporter",
            data={"csrf_token": token, "purpose": "举报人需补充证据，回访核实"},
        )
        assert shown.status == 200
        html = await shown.text()
        assert re.search(r'id="revealed-name">周小梅<', html)
        assert street.contact(REPORTER) in html
        assert shown.headers["Cache-Control"] == "no-store"
    finally:
        await staff.close()
    async with street_chat.app.sessions() as session:
        [row] = (await session.exec(select(ReporterReveal))).all()
    assert row.purpose == "举报人需补充证据，回访核实"
    # Revealing changes nothing for others: the worker's page still names nobody.
    worker = await signed_in(street_chat, "pan-zhiyuan")
    try:
        html = await (await worker.get(page)).text()
        assert not [mark for mark in identity(street) if mark in html]
    finally:
        await worker.close()
