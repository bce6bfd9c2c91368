"""GET /grid shows the stored hierarchy to a signed-in person; "/" leads to the console when no
simulator runs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FrozenClock
from bot.directory import Directory
from bot.web.app import create_web_app
from bot.web.console.services import ConsoleServices
from models.crud.directory_sync import sync_directory
from models.db import sessionmaker
from tests.console.support import sign_in
from tests.register_support import START, example_settings

Client = TestClient[web.Request, web.Application]


async def signed_in_client(engine: AsyncEngine, db_url: str, directory: Directory) -> Client:
    async with sessionmaker(engine)() as session, session.begin():
        await sync_directory(session, directory=directory)
    settings = replace(example_settings(db_url), directory=directory)
    clock = FrozenClock(START)
    console = ConsoleServices(sessions=sessionmaker(engine), settings=settings, clock=clock)
    client = TestClient(TestServer(create_web_app(console=console)))
    await client.start_server()
    await sign_in(client, sessionmaker(engine), "li-shuji", START)  # the community's staff
    return client


@pytest.fixture
async def client(engine: AsyncEngine, db_url: str, directory: Directory) -> AsyncIterator[Client]:
    client = await signed_in_client(engine, db_url, directory)
    try:
        yield client
    finally:
        await client.close()


async def page(client: Client, path: str = "/grid") -> str:
    response = await client.get(path)
    assert response.status == 200
    assert response.content_type == "text/html"
    return await response.text()


def section(html: str, css_class: str, code: str) -> str:
    """The HTML of one node, up to the next node of any level."""
    start = html.index(f'class="node {css_class}" data-code="{code}"')
    following = re.search(r'class="node [a-z-]+" data-code=', html[start + 1 :])
    return html[start : start + 1 + following.start()] if following else html[start:]


async def test_the_grid_page_shows_every_level_with_its_responsible_person(
    client: Client,
) -> None:
    html = await page(client)
    assert "石马社区" in section(html, "community", "shima")
    assert "李书记" in section(html, "community", "shima")
    assert "13800000001" in section(html, "community", "shima")
    assert "赵网格员" in section(html, "grid", "shima-g1")
    micro = section(html, "micro-grid", "shima-g1-m1")
    assert "石马第一微网格" in micro and "陈小微" in micro


async def test_a_landlord_grid_row_shows_leader_group_chat_buildings_and_residents(
    client: Client,
) -> None:
    html = await page(client)
    row = section(html, "landlord-grid", "shima-10")
    for shown in (
        "石马社区10幢",
        "王建国",
        "石马10幢房东群",
        "room-shima-10",
        "留下街道石马社区10幢",
    ):
        assert shown in row
    assert "张三、张三丰" in row
    other = section(html, "landlord-grid", "shima-12")
    assert "12, 12A" in other and "刘芳" in other and "Anna Smith" in other
    assert 'data-i18n="no_group"' in other


async def test_names_from_the_directory_are_escaped(
    engine: AsyncEngine, db_url: str, directory: Directory
) -> None:
    people = tuple(replace(p, name="<b>王</b>") if p.key == "wang" else p for p in directory.people)
    client = await signed_in_client(engine, db_url, replace(directory, people=people))
    try:
        html = await page(client)
    finally:
        await client.close()
    assert "&lt;b&gt;王&lt;/b&gt;" in html
    assert "<b>王</b>" not in html


async def test_without_a_simulator_the_root_leads_to_the_console(
    client: Client,
) -> None:
    response = await client.get("/", allow_redirects=False)
    assert response.status == 302
    assert response.headers["Location"] == "/console"
    assert (await client.get("/ws")).status == 404


async def test_without_the_console_there_is_no_grid_page(directory: Directory) -> None:
    async with TestClient(TestServer(create_web_app())) as client:
        assert (await client.get("/grid")).status == 404
        assert (await client.get("/register")).status == 404


async def test_the_static_files_are_served(client: Client) -> None:
    for name in ("i18n.js", "simulator.js", "gridbot.css", "console.js", "console.css",
                 "vendor/echarts/echarts.min.js"):  # fmt: skip
        response = await client.get(f"/static/{name}")
        assert response.status == 200, name


async def test_the_pages_words_come_from_every_language_folder(client: Client) -> None:
    response = await client.get("/i18n/words.js")
    assert response.status == 200
    script = await response.text()
    assert script.startswith("window.GridBotWords = ")
    assert '"order": ["zh", "en"]' in script
    assert '"nav_simulator": "模拟器"' in script and '"nav_simulator": "Simulator"' in script
