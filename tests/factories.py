"""Small factories for database tests: each adds rows with sensible defaults and flushes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from models.crud.events import create_event
from models.event import Event
from models.grid import Community, Grid, LandlordGrid, LandlordGridBuilding, MicroGrid
from models.person import Person

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
_serial = itertools.count(1)


async def make_person(
    session: AsyncSession,
    *,
    name: str = "王建国",
    key: str | None = None,
    contact_id: str | None = None,
    lang: str = "zh",
    roles: tuple[str, ...] = (),
) -> Person:
    person = Person(key=key, contact_id=contact_id, name=name, lang=lang, roles=list(roles))
    session.add(person)
    await session.flush()
    return person


async def make_landlord_grid(
    session: AsyncSession,
    *,
    code: str | None = None,
    buildings: tuple[str, ...] = ("10",),
    group_chat: str | None = None,
    leader: Person | None = None,
    micro_grid_worker: Person | None = None,
    grid_worker: Person | None = None,
    community_staff: Person | None = None,
    community: Community | None = None,
) -> LandlordGrid:
    """A landlord grid with its own micro-grid and grid (in `community`, or a new one)."""
    n = next(_serial)
    if leader is None:
        leader = await make_person(session, name=f"房东{n}", key=f"leader-{n}")
    if community is None:
        community = Community(
            code=f"c{n}", name=f"社区{n}", staff_id=community_staff.id if community_staff else None
        )
        session.add(community)
        await session.flush()
    assert community.id is not None
    grid = Grid(
        code=f"g{n}",
        community_id=community.id,
        name=f"网格{n}",
        worker_id=grid_worker.id if grid_worker else None,
    )
    session.add(grid)
    await session.flush()
    assert grid.id is not None
    micro = MicroGrid(
        code=f"m{n}",
        grid_id=grid.id,
        name=f"微网格{n}",
        worker_id=micro_grid_worker.id if micro_grid_worker else None,
    )
    session.add(micro)
    await session.flush()
    assert micro.id is not None and leader.id is not None
    landlord_grid = LandlordGrid(
        code=code or f"lg{n}",
        micro_grid_id=micro.id,
        community_id=community.id,
        name=f"{buildings[0]}幢",
        leader_id=leader.id,
        group_chat=group_chat,
    )
    session.add(landlord_grid)
    await session.flush()
    assert landlord_grid.id is not None
    for building in buildings:
        session.add(
            LandlordGridBuilding(
                landlord_grid_id=landlord_grid.id, community_id=community.id, building=building
            )
        )
    await session.flush()
    return landlord_grid


async def make_event(
    session: AsyncSession,
    *,
    kind: Kind = Kind.LEAK,
    text: str = "10幢301卫生间漏水",
    landlord_grid: LandlordGrid | None = None,
    reporter: Person | None = None,
    assignee: Person | None = None,
    created_at: datetime = T0,
    next_action_at: datetime | None = None,
) -> Event:
    return await create_event(
        session,
        kind=kind,
        text=text,
        created_at=created_at,
        tz=UTC,
        landlord_grid_id=landlord_grid.id if landlord_grid else None,
        reporter_id=reporter.id if reporter else None,
        assignee_id=assignee.id if assignee else None,
        next_action_at=next_action_at,
    )
