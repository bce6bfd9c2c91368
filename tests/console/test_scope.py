"""Each role sees its part of the grid and nothing else: lists, pages, charts, exports."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from tests.console.conftest import NOW, START
from tests.console.street import MARK, Client, seed, sign_in

NAMES = {
    "qingshan-3": "青山村3号",
    "qingshan-5": "青山村5号",
    "qingshan-8": "青山村8号",
    "liushui-2": "流水巷2号",
}


@dataclass(frozen=True)
class Role:
    key: str
    houses: frozenset[str]


ROLES = [
    Role("hu-qing", frozenset({"qingshan-3", "qingshan-5", "qingshan-8"})),  # community staff
    Role("tang-wei", frozenset({"qingshan-3", "qingshan-5", "qingshan-8"})),  # grid worker
    Role("fan-li", frozenset({"qingshan-3", "qingshan-5"})),  # micro-grid worker
    Role("cao-lan", frozenset({"qingshan-3"})),  # landlord
    Role("bai-xue", frozenset({"liushui-2"})),  # the other community's staff
]


def shows(text: str, house: str) -> bool:
    return MARK[house] in text or NAMES[house] in text or house in text


async def text_of(client: Client, path: str, status: int = 200) -> str:
    response = await client.get(path)
    assert response.status == status, (path, response.status)
    return await response.text()


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.key)
async def test_a_role_sees_its_scope_and_nothing_outside(
    role: Role, client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    seeded = await seed(sessions, START)
    await sign_in(client, sessions, role.key, NOW)
    period = f"from={START.date().isoformat()}&to={NOW.date().isoformat()}"
    listed = await text_of(client, "/console/events")
    board = await text_of(client, f"/console?{period}")
    charts = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', board)
    assert charts is not None
    chart_text = json.dumps(json.loads(charts[1]), ensure_ascii=False)
    assessment = await text_of(client, "/console/assessment?month=2026-11")
    csv = (await (await client.get("/console/assessment.csv?month=2026-11")).read()).decode()
    xlsx = load_workbook(
        io.BytesIO(await (await client.get("/console/assessment.xlsx?month=2026-11")).read())
    )
    sheets = " ".join(
        str(cell) for sheet in xlsx.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    )  # fmt: skip
    grid = await text_of(client, "/grid")
    register = await text_of(client, "/register")

    for house in NAMES:
        inside = house in role.houses
        for number in seeded.numbers[house]:
            detail = await client.get(f"/console/events/{number}")
            assert detail.status == (200 if inside else 404), (house, number)
            assert (f'data-number="{number}"' in listed) is inside, (house, number)
        assert (await client.get(f"/register/{house}")).status == (200 if inside else 404)
        assert shows(listed, house) is inside, house
        assert (NAMES[house] in chart_text) is inside, house
        for name, text in (("grid", grid), ("register", register), ("csv", csv), ("xlsx", sheets)):
            assert shows(text, house) is inside, (name, house)
        assert shows(assessment, house) is inside, house
    filtered = await text_of(
        client, "/console/events?place=liushui-2", 200 if "liushui-2" in role.houses else 400
    )
    if "liushui-2" not in role.houses:
        assert not shows(filtered, "liushui-2")


async def test_micro_grids_and_grids_are_scored_only_when_whole(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await seed(sessions, START)
    await sign_in(client, sessions, "fan-li", NOW)
    page = await text_of(client, "/console/assessment?month=2026-11")
    assert 'data-code="qingshan-g1-m1"' in page  # fan-li's own micro-grid
    assert 'data-code="qingshan-g1"' not in page  # the grid holds houses fan-li does not see
    await sign_in(client, sessions, "cao-lan", NOW)
    landlord = await text_of(client, "/console/assessment?month=2026-11")
    assert 'data-code="qingshan-3"' in landlord and 'data-code="qingshan-g1-m1"' not in landlord
