"""The event desk: filters, keyset pages, an event's timeline; on both databases."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from models.crud.event_desk import DeskFilter, desk_page
from models.crud.people import person_by_key
from models.crud.scope import scope_of
from models.states import EventState
from tests.console.support import MARK, NOW, START, Client, event_at, seed, sign_in


def numbers(html: str) -> list[str]:
    return re.findall(r'data-number="([^"]+)"', html)


async def listed(client: Client, query: str = "", status: int = 200) -> list[str]:
    response = await client.get(f"/console/events{query}")
    assert response.status == status, query
    return numbers(await response.text())


async def test_filters_choose_the_events_they_name(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    seeded = await seed(sessions, START)
    await sign_in(client, sessions, "xu-wenjuan", NOW)
    three, seven, nine, fifteen = (seeded.numbers[c] for c in ("qs-3", "qs-7", "qs-9", "qs-15"))
    assert await listed(client) == sorted(three + seven + nine + fifteen, reverse=True)
    assert await listed(client, "?state=closed") == sorted(
        [three[0], three[1], nine[0], fifteen[0]], reverse=True
    )
    assert await listed(client, "?kind=noise") == [three[1]]
    assert await listed(client, "?level=1") == [three[2]]
    assert await listed(client, "?overdue=1") == sorted([three[2], seven[0]], reverse=True)
    assert await listed(client, "?place=qs-9") == nine
    assert await listed(client, f"?q={MARK['qs-7']}") == seven
    assert await listed(client, "?q=%25") == []  # a LIKE wildcard is taken literally
    assert await listed(client, "?state=lost&level=9", status=400) == await listed(client)
    page = await client.get("/console/events?kind=dispute")
    assert "没有符合条件的事件" in await page.text()


async def test_pages_follow_the_key_not_an_offset(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as session, session.begin():
        for n in range(55):
            await event_at(session, "qs-7", START + timedelta(minutes=n), kind=Kind.REPAIR)
    await sign_in(client, sessions, "cai-min", NOW)
    first = await (await client.get("/console/events")).text()
    more = re.search(r'href="([^"]+)" id="next-page"', first)
    assert more is not None and len(numbers(first)) == 50
    # An event reported meanwhile does not shift the next page.
    async with sessions() as session, session.begin():
        await event_at(session, "qs-7", NOW, kind=Kind.REPAIR)
    second = await (await client.get(more[1].replace("&amp;", "&"))).text()
    assert len(numbers(second)) == 5 and not set(numbers(first)) & set(numbers(second))
    assert 'id="next-page"' not in second and 'id="first-page"' in second


async def test_the_desk_query_reads_only_the_scope(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await seed(sessions, START)
    async with sessions() as session:
        landlord = await person_by_key(session, key="dai-guohua")
        assert landlord is not None and landlord.id is not None
        scope = await scope_of(session, person_id=landlord.id)
        rows, more = await desk_page(
            session, houses=scope.houses, filters=DeskFilter(), now=NOW, size=2
        )
        other, _ = await desk_page(
            session, houses=scope.houses, filters=DeskFilter(house=10_000), now=NOW
        )
    assert scope.positions == ("landlord",) and len(scope.houses) == 1
    assert len(rows) == 2 and more == rows[-1].id and other == []
    assert {row.house for row in rows} == {"清水湾3号楼"}


async def test_an_events_page_shows_its_place_and_whole_timeline(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    seeded = await seed(sessions, START)
    await sign_in(client, sessions, "dai-guohua", NOW)
    html = await (await client.get(f"/console/events/{seeded.numbers['qs-3'][0]}")).text()
    actions = re.findall(r'<li data-action="([^"]+)">', html)
    assert actions == ["report", "assign", "acknowledged", "resolved", "closed"]
    assert "戴国华" in html and "已处理" in html  # who acted, and the note
    assert "梧桐街道清水湾社区3号楼1-2单元" in html and "蔡敏" in html  # address, micro-grid worker
    assert "确认解决" in html and EventState.CLOSED.value in html
    # One building: the house's name is the place, no "3幢" beside it.
    assert re.search(r'id="place-house">清水湾3号楼 · 201<', html)


async def test_a_two_building_house_names_the_building_as_its_name_does(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as session, session.begin():
        event = await event_at(session, "qs-9", START, room="301")
        event.building = "11"
    await sign_in(client, sessions, "gong-weidong", NOW)
    html = await (await client.get(f"/console/events/{event.number}")).text()
    assert re.search(r'id="place-house">清水湾9栋、11栋 · 11栋301<', html)
