"""一键四知 on 梧桐街道's household pages: the four fire-safety roles from the imported
directory (phones only where it marks them public), notices, escape route (text and picture),
knowledge; nothing of the tenant register. Over HTTP, then in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.config import Settings
from bot.register.draft import Draft
from bot.register.keys import data_keys
from bot.register.store import save_registration
from models.crud.grid import landlord_grid_by_code
from models.db import create_engine, session_scope, sessionmaker
from tests.register_support import household_app
from tests.street import Street
from tests.street_fixture import STREET_START, CliRunner, Configure

Client = TestClient[web.Request, web.Application]
PHONE = re.compile(r"1[3-9]\d{9}")
TENANT = Draft(
    name="龙小云", document_type="id_card", document_number=None, phone="13912345678", room="301"
)


@dataclass
class Site:
    url: str
    client: Client
    sessions: async_sessionmaker[AsyncSession]


# 清水湾7幢's escape-route picture (escape_route_image), as a street would set it.
PLAN = Path(__file__).resolve().parents[1] / "deployments" / "wutong" / "escape-plan-qs-7.png"


@pytest.fixture
def street_settings(street_configure: Configure) -> Settings:
    return street_configure(f'[register.houses.qs-7]\nescape_route_image = "{PLAN}"')


@pytest.fixture
async def site(street_settings: Settings) -> AsyncIterator[Site]:
    engine = create_engine(street_settings.database_url)
    async with session_scope(sessionmaker(engine)) as session:
        house = await landlord_grid_by_code(session, code="qs-3")
        assert house is not None and house.id is not None
        await save_registration(
            session,
            keys=data_keys(street_settings),
            draft=TENANT,
            landlord_grid_id=house.id,
            person_id=None,
            now=STREET_START,
            tz=street_settings.timezone,
        )
    app, _ = household_app(engine, street_settings, FrozenClock(STREET_START))
    server = TestServer(app, host="127.0.0.1")
    client: Client = TestClient(server)
    async with client:
        yield Site(str(client.make_url("")).rstrip("/"), client, sessionmaker(engine))
    await engine.dispose()


async def test_the_house_page_names_the_four_roles_and_only_public_phones(site: Site) -> None:
    html = await (await site.client.get("/h/qs-3")).text()
    roles = re.findall(
        r'data-role="(\w+)"><span class="role-name">([^<]+)</span>：(\S+?)[ <]', html
    )
    assert roles == [
        ("landlord", "消防安全责任人（房东）", "戴国华"),
        ("micro_grid_worker", "微网格员", "蔡敏"),
        ("grid_worker", "网格员", "潘志远"),
        ("community_staff", "社区工作人员", "许文娟"),
    ]
    # 许文娟's phone is marked public in directory.toml; nobody else's is shown.
    assert PHONE.findall(html) == ["13700003001", "13700003001"]  # the tel: link and its text


async def test_the_page_shows_escape_route_text_and_picture_knowledge_and_notices(
    site: Site,
) -> None:
    html = await (await site.client.get("/h/qs-3?lang=en")).text()
    assert "East stairs down, out by the north door" in html  # the house's own text
    assert "Call 119 at once" in html and "火警 Fire 119" in html
    assert "escape-route-image" not in html  # no picture set for this house
    assert (await site.client.get("/h/qs-3/escape-route")).status == 404
    # 清水湾7幢 has a picture under the street's default text.
    other = await (await site.client.get("/h/qs-7")).text()
    assert 'src="/h/qs-7/escape-route"' in other and "沿楼梯下楼到一楼大门" in other
    image = await site.client.get("/h/qs-7/escape-route")
    assert image.status == 200 and image.content_type == "image/png"
    assert (await image.read()) == PLAN.read_bytes()


async def test_nothing_of_the_tenant_register_is_on_the_page(site: Site) -> None:
    for path in ("/h/qs-3", "/h/qs-3/fire", "/h/qs-3?lang=en"):
        html = await (await site.client.get(path)).text()
        # a registered tenant, and a tenant the directory knows lives in the house
        assert "龙小云" not in html and "13912345678" not in html and "周小梅" not in html


async def test_a_csv_import_marks_a_phone_public_for_the_page(
    site: Site, street: Street, street_gridbot: CliRunner
) -> None:
    run = await street_gridbot("grid", "import", str(street.added_houses_file))
    assert run.status == 0, run.err
    html = await (await site.client.get("/h/lt-12")).text()
    assert "陆平" in html and "13700003025" in html  # "yes" in responsible_phone_public
    assert "孟凡" in html and "13700003037" not in html
