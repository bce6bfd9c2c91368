"""The household forms over HTTP: every field checked, CSRF, rate limit, the landlord told."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.privacy import scan_for_unmasked
from models.db import sessionmaker
from models.messaging import Outbox
from models.tenant import Residence, Tenant
from tests.console.support import sign_in
from tests.register_support import (
    OTHER_ID,
    START,
    VALID_ID,
    example_settings,
    household_app,
    synced,
)

Client = TestClient[web.Request, web.Application]
GOOD = {
    "name": "张三",
    "document_type": "id_card",
    "document_number": VALID_ID,
    "phone": "13812345678",
    "room": "301",
    "consent": "yes",
}
FOREIGN = {
    "name": "Kim Minjun",
    "document_type": "passport",
    "document_number": "M12345678",
    "phone": "13900002005",
    "room": "201",
    "nationality": "KR",
    "visa_expiry": "2027-03-01",
    "consent": "yes",
}


@pytest.fixture
async def settings(engine: AsyncEngine, db_url: str) -> Settings:
    settings = example_settings(db_url, form_limit=5)
    await synced(engine, settings)
    return settings


@pytest.fixture
async def client(engine: AsyncEngine, settings: Settings) -> AsyncIterator[Client]:
    app, _ = household_app(engine, settings, FrozenClock(START))
    async with TestClient(TestServer(app)) as client:
        yield client


async def token(client: Client, path: str) -> str:
    response = await client.get(path)
    assert response.status == 200
    found = re.search(r'name="csrf_token" value="([^"]+)"', await response.text())
    assert found is not None
    return found.group(1)


async def post(client: Client, path: str, form: dict[str, str]) -> tuple[int, str]:
    data = {**form, "csrf_token": await token(client, path)}
    response = await client.post(path, data=data)
    return response.status, await response.text()


def errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" data-field="([a-z_]+)">([^<]*)</p>', html))


async def stays(engine: AsyncEngine) -> list[tuple[Residence, Tenant]]:
    async with sessionmaker(engine)() as session:
        statement = select(Residence, Tenant).join(Tenant).order_by(col(Residence.id))
        return [(r, t) for r, t in (await session.exec(statement)).all()]


async def outbox(engine: AsyncEngine) -> list[Outbox]:
    async with sessionmaker(engine)() as session:
        return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


async def test_the_house_page_links_the_forms_and_the_fire_safety_page(client: Client) -> None:
    html = await (await client.get("/h/shima-10")).text()
    assert "石马社区10幢" in html
    for path in ("/h/shima-10/sign-in", "/h/shima-10/sign-out", "/h/shima-10/fire"):
        assert f'href="{path}?lang=zh"' in html
    fire = await (await client.get("/h/shima-10/fire?lang=en")).text()
    assert "Fire-safety contacts" in fire and "火警 Fire 119" in fire
    assert "East stairs down" in fire  # the house's own escape route from the config
    assert (await client.get("/h/nowhere")).status == 404


async def test_a_tenant_registers_and_the_landlord_gets_a_masked_notice(
    client: Client, engine: AsyncEngine
) -> None:
    status, html = await post(client, "/h/shima-10/sign-in", GOOD)

    assert status == 200 and "登记成功" in html
    [(residence, tenant)] = await stays(engine)
    assert (tenant.name, residence.room, tenant.person_id) == ("张三", "301", None)
    [notice] = await outbox(engine)
    assert notice.chat_id == "wxid_wangjianguo" and notice.chat_kind == "direct"
    assert "来源：扫码自助登记" in notice.text and "3301**********123X" in notice.text
    assert scan_for_unmasked(notice.text) == []


async def test_a_foreign_tenant_registers_in_english(client: Client, engine: AsyncEngine) -> None:
    status, html = await post(client, "/h/xiaoheshan-25/sign-in", {**FOREIGN, "lang": "en"})

    assert status == 200 and "You are registered" in html
    [(_, tenant)] = await stays(engine)
    assert (tenant.nationality, tenant.visa_expiry) == ("KR", date(2027, 3, 1))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "必填"),
        ({"name": "张三3"}, "name", "姓名不能含数字"),
        ({"document_type": ""}, "document_type", "请选择一项"),
        ({"document_number": ""}, "document_number", "必填"),
        ({"document_number": "3301061990"}, "document_number", "应为 18 位"),
        ({"document_number": VALID_ID[:-1] + "1"}, "document_number", "校验位不正确"),
        ({"phone": "1381234"}, "phone", "11 位手机号码"),
        ({"phone": ""}, "phone", "必填"),
        ({"room": ""}, "room", "必填"),
        ({"room": "999"}, "room", "没有这个房间号"),
        ({"move_in": "2026-13-01"}, "move_in", "有效日期"),
        ({"move_in": "2027-06-01"}, "move_in", "90 天"),
        ({"consent": ""}, "consent", "请勾选同意"),
    ],
)
async def test_each_field_error_is_shown_and_nothing_is_stored(
    client: Client, engine: AsyncEngine, change: dict[str, str], field: str, message: str
) -> None:
    status, html = await post(client, "/h/shima-10/sign-in", {**GOOD, **change})

    assert status == 400
    assert message in errors(html)[field]
    assert "请修改标出的内容" in html
    assert 'value="张三' in html or change.get("name") is not None  # what was typed stays
    assert await stays(engine) == [] and await outbox(engine) == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"document_number": "M12"}, "document_number", "6 to 12 letters"),
        ({"nationality": ""}, "nationality", "Choose one"),
        ({"visa_expiry": ""}, "visa_expiry", "Required"),
        ({"visa_expiry": "2026-11-24"}, "visa_expiry", "cannot be in the past"),
    ],
)
async def test_each_foreigners_field_error_is_shown_in_english(
    client: Client, engine: AsyncEngine, change: dict[str, str], field: str, message: str
) -> None:
    form = {**FOREIGN, **change, "lang": "en"}
    status, html = await post(client, "/h/xiaoheshan-25/sign-in", form)

    assert status == 400 and message in errors(html)[field]
    assert await stays(engine) == []


async def test_a_post_without_the_csrf_token_is_refused(
    client: Client, engine: AsyncEngine
) -> None:
    await client.get("/h/shima-10/sign-in")  # the cookie alone is not enough
    response = await client.post("/h/shima-10/sign-in", data=GOOD)

    assert response.status == 403
    assert "页面已过期" in await response.text()
    forged = await client.post("/h/shima-10/sign-in", data={**GOOD, "csrf_token": "x.y"})
    assert forged.status == 403
    assert await stays(engine) == []


async def test_one_client_may_send_only_so_many_forms_an_hour(client: Client) -> None:
    statuses = [
        (await post(client, "/h/shima-10/sign-in", {**GOOD, "name": ""}))[0] for _ in range(6)
    ]

    assert statuses == [400] * 5 + [429]


async def test_a_tenant_signs_out_with_name_and_number(client: Client, engine: AsyncEngine) -> None:
    await post(client, "/h/shima-10/sign-in", GOOD)

    missing = await post(client, "/h/shima-10/sign-out", {"name": "张三", "document_number": ""})
    wrong = await post(
        client, "/h/shima-10/sign-out", {"name": "张三", "document_number": OTHER_ID}
    )
    status, html = await post(
        client, "/h/shima-10/sign-out", {"name": " 张三 ", "document_number": "138 1234 5678"}
    )

    assert missing[0] == 400 and "必填" in errors(missing[1])["document_number"]
    assert wrong[0] == 400 and "没有找到与该姓名和号码相符" in wrong[1]
    assert status == 200 and "退租成功" in html
    [(residence, _)] = await stays(engine)
    assert residence.moved_out == START
    notices = [row.text for row in await outbox(engine)]
    assert len(notices) == 2 and notices[1].startswith("【租客退租登记】石马社区10幢")


async def test_the_register_page_shows_residents_masked_and_the_coverage(
    client: Client, engine: AsyncEngine
) -> None:
    await post(client, "/h/shima-10/sign-in", GOOD)
    await post(client, "/h/xiaoheshan-25/sign-in", {**FOREIGN, "lang": "en"})

    assert (await client.get("/register/shima-10")).status == 401  # signed out
    sessions = sessionmaker(engine)
    await sign_in(client, sessions, "li-hong", START)  # staff of 石马社区
    house = await (await client.get("/register/shima-10")).text()
    shima = await (await client.get("/register")).text()
    assert (await client.get("/register/xiaoheshan-25")).status == 404  # another community
    await sign_in(client, sessions, "zhou-min", START)  # staff of 小和山社区
    foreign = await (await client.get("/register/xiaoheshan-25?lang=en")).text()
    overview = shima + await (await client.get("/register")).text()

    assert "<td>301</td><td>张三</td><td>3301**********123X</td><td>138****5678</td>" in house
    assert VALID_ID not in house and scan_for_unmasked(house) == []
    assert '<span id="coverage">1/8</span>' in house
    assert "101, 102, 201, 202, 302, 401, 402" in house
    assert "Kim Minjun (201) · Visa expiry date 2027-03-01" in foreign
    assert "<td>石马社区</td><td>1</td><td>16</td><td>6</td>" in overview
    assert "<td>小和山社区</td><td>1</td><td>" in overview
