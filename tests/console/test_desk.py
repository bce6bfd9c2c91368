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
from tests.console.conftest import NOW, START
from tests.console.street import Client, event_at, seed, sign_in


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
    await sign_in(client, sessions, "hu-qing", NOW)
    three, five, eight = (seeded.numbers[c] for c in ("qingshan-3", "qingshan-5", "qingshan-8"))
    assert await listed(client) == sorted(three + five + eight, reverse=True)
    assert await listed(client, "?state=closed") == sorted(
        [three[0], three[1], eight[0]], reverse=True
    )
    assert await listed(client, "?kind=noise") == [three[1]]
    assert await listed(client, "?level=1") == [three[2]]
    assert await listed(client, "?overdue=1") == sorted([three[2], five[0]], reverse=True)
    assert await listed(client, "?place=qingshan-8") == eight
    assert await listed(client, "?q=东五号") == five
    assert await listed(client, "?q=%25") == []  # a LIKE wildcard is taken literally
    assert await listed(client, "?state=lost&level=9", status=400) == await listed(client)
    page = await client.get("/console/events?kind=parking")
    assert "没有符合条件的事件" in await page.text()


async def test_pages_follow_the_key_not_an_offset(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as session, session.begin():
        for n in range(55):
            await event_at(session, "qingshan-5", START + timedelta(minutes=n), kind=Kind.REPAIR)
    await sign_in(client, sessions, "fan-li", NOW)
    first = await (await client.get("/console/events")).text()
    more = re.search(r'href="([^"]+)" id="next-page"', first)
    assert more is not None and len(numbers(first)) == 50
    # An event reported meanwhile does not shift the next page.
    async with sessions() as session, session.begin():
        await event_at(session, "qingshan-5", NOW, kind=Kind.REPAIR)
    second = await (await client.get(more[1].replace("&amp;", "&"))).text()
    assert len(numbers(second)) == 5 and not set(numbers(first)) & set(numbers(second))
    assert 'id="next-page"' not in second and 'id="first-page"' in second


async def test_the_desk_query_reads_only_the_scope(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await seed(sessions, START)
    async with sessions() as session:
        landlord = await person_by_key(session, key="cao-lan")
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
    assert {row.house for row in rows} == {"青山村3号"}


async def test_an_events_page_shows_its_place_and_whole_timeline(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    seeded = await seed(sessions, START)
    await sign_in(client, sessions, "cao-lan", NOW)  # writes English
    html = await (await client.get(f"/console/events/{seeded.numbers['qingshan-3'][0]}")).text()
    actions = re.findall(r'<li data-action="([^"]+)">', html)
    assert actions == ["report", "assign", "acknowledged", "resolved", "closed"]
    assert "曹兰" in html and "已处理" in html  # who acted, and the note
    assert "江南街道青山村3号" in html and "范丽" in html  # the address, the micro-grid worker
    assert "Confirmed fixed" in html and EventState.CLOSED.value in html
