"""The dashboard's parts beyond `gridbot report`: weeks beside last year's, houses, register
coverage, visa warnings, empty states and a bad period."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from models.crud.grid import landlord_grid_by_code
from models.crud.tenants import add_residence, add_tenant
from tests.console.support import NOW, START, Client, event_at, seed, sign_in


async def page(client: Client, path: str, status: int = 200) -> str:
    response = await client.get(path)
    assert response.status == status, path
    return await response.text()


async def resident(
    sessions: async_sessionmaker[AsyncSession], code: str, room: str, visa: date | None
) -> None:
    async with sessions() as session, session.begin():
        house = await landlord_grid_by_code(session, code=code)
        assert house is not None and house.id is not None
        tenant = await add_tenant(
            session, name="Kim Minjun", document_type="passport", document_encrypted=None,
            document_hash=None, phone_encrypted=None, phone_hash=None, nationality="KR",
            visa_expiry=visa, person_id=None, created_at=START,
        )  # fmt: skip
        assert tenant.id is not None
        await add_residence(
            session, tenant_id=tenant.id, landlord_grid_id=house.id, room=room, moved_in=START
        )


async def test_weeks_stand_beside_the_same_weeks_of_last_year(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await seed(sessions, START)
    async with sessions() as session, session.begin():
        await event_at(session, "qs-7", START - timedelta(weeks=52), kind=Kind.NOISE)
        await event_at(session, "lt-2", START - timedelta(weeks=52))  # another community
    await sign_in(client, sessions, "xu-wenjuan", NOW)
    html = await page(client, "/console?from=2026-11-16&to=2026-11-25")
    rows = re.findall(r'<tr data-week="([^"]+)">(.*?)</tr>', html)
    weeks = {week: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for week, cells in rows}
    assert list(weeks) == ["2026-11-16", "2026-11-23"]
    assert weeks["2026-11-16"][-2:] == ["6", "1"]  # six events this year, one the year before
    assert weeks["2026-11-23"][-2:] == ["0", "0"]
    houses = re.findall(
        r'<tr data-house="([^"]+)"><td>[^<]*</td><td>[^<]*</td><td>(\d+)</td>', html
    )
    assert houses == [("qs-3", "3"), ("qs-15", "1"), ("qs-7", "1"), ("qs-9", "1")]
    assert 'data-place="3幢201"' in html  # the leak reported twice at 3幢201


async def test_coverage_and_visa_warnings_of_the_scope(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await resident(sessions, "qs-3", "201", NOW.date() + timedelta(days=20))
    await resident(sessions, "qs-7", "999", None)  # a house without configured rooms
    await resident(sessions, "lt-2", "101", NOW.date() + timedelta(days=3))
    await sign_in(client, sessions, "cai-min", NOW)
    html = await page(client, "/console")
    assert re.search(r'data-figure="coverage-occupied">1<', html)
    assert re.search(r'data-figure="coverage-rooms">10<', html)  # qs-3's ten rooms
    assert re.search(r'data-figure="visas">1<', html)
    assert "K** M*****" in html and "Kim Minjun" not in html  # masked, as in groups


async def test_empty_states_and_bad_input_are_said_plainly(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await sign_in(client, sessions, "xu-wenjuan", NOW)
    assert "本月暂无事件" in await page(client, "/console?from=2026-11-01&to=2026-11-30")
    assert "本时间段暂无事件" in await page(client, "/console?from=2026-10-20&to=2026-11-05")
    assert "本月暂无事件" in await page(client, "/console/assessment?month=2026-10")
    bad = await page(client, "/console?from=2026-13-01", status=400)
    assert "日期格式不对" in bad and 'data-figure="total"' in bad  # the default period instead
    backwards = await page(client, "/console?from=2026-11-20&to=2026-11-01", status=400)
    assert "日期格式不对" in backwards
    assert "月份格式应为" in await page(client, "/console/assessment?month=2026-13", status=400)
    assert (await client.get("/console/assessment.csv?month=soon")).status == 400
    await sign_in(client, sessions, "sophie-laurent", NOW)  # writes English
    assert "No events this month" in await page(client, "/console?from=2026-11-01&to=2026-11-30")
