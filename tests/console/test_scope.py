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

from tests.console.support import MARK, NAMES, NOW, START, Client, seed, sign_in


@dataclass(frozen=True)
class Role:
    key: str
    houses: frozenset[str]


ROLES = [
    Role("xu-wenjuan", frozenset({"qs-3", "qs-7", "qs-9", "qs-15"})),  # community staff
    Role("pan-zhiyuan", frozenset({"qs-3", "qs-7", "qs-9"})),  # grid worker (not qs-15's)
    Role("cai-min", frozenset({"qs-3", "qs-7"})),  # micro-grid worker
    Role("dai-guohua", frozenset({"qs-3"})),  # landlord
    Role("qin-hai", frozenset({"lt-2", "lt-7"})),  # the other community's micro-grid worker
    Role("sophie-laurent", frozenset({"lt-2", "lt-7"})),  # its staff, in English
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
        client, "/console/events?place=lt-2", 200 if "lt-2" in role.houses else 400
    )
    if "lt-2" not in role.houses:
        assert not shows(filtered, "lt-2")


async def test_micro_grids_and_grids_are_scored_only_when_whole(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await seed(sessions, START)
    await sign_in(client, sessions, "cai-min", NOW)
    page = await text_of(client, "/console/assessment?month=2026-11")
    assert 'data-code="qs-g1-a"' in page  # cai-min's own micro-grid
    assert 'data-code="qs-g1"' not in page  # the grid holds houses cai-min does not see
    await sign_in(client, sessions, "pan-zhiyuan", NOW)
    grid = await text_of(client, "/console/assessment?month=2026-11")
    assert 'data-code="qs-g1"' in grid and 'data-code="qingshui"' not in grid  # not qs-15's
    await sign_in(client, sessions, "dai-guohua", NOW)
    landlord = await text_of(client, "/console/assessment?month=2026-11")
    assert 'data-code="qs-3"' in landlord and 'data-code="qs-g1-a"' not in landlord
