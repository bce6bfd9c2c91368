"""The stored grid directory read back as a `Directory` value (for `grid show`, pages, exports)."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.directory import (
    CommunityEntry,
    Directory,
    GridEntry,
    LandlordGridEntry,
    MicroGridEntry,
    PersonEntry,
)
from models.binding import SeenGroup
from models.crud.grid import buildings_by_grid
from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.person import Person, PersonHome


async def stored_directory(session: AsyncSession) -> Directory:
    """Everything keyed in the database; people first seen in chat get "#id" as their key.

    A group bound in chat has no name in the directory: its topic as the bot saw it stands in.
    """
    people = {p.id: p for p in (await session.exec(select(Person).order_by(col(Person.id)))).all()}

    def key(person_id: int | None) -> str | None:
        person = people.get(person_id) if person_id is not None else None
        return None if person is None else person.key or f"#{person.id}"

    communities = (await session.exec(select(Community).order_by(col(Community.id)))).all()
    grids = (await session.exec(select(Grid).order_by(col(Grid.id)))).all()
    micro_grids = (await session.exec(select(MicroGrid).order_by(col(MicroGrid.id)))).all()
    houses = (await session.exec(select(LandlordGrid).order_by(col(LandlordGrid.id)))).all()
    buildings = await buildings_by_grid(session)
    homes = {h.person_id: h for h in (await session.exec(select(PersonHome))).all()}
    topics = {g.chat_id: g.topic for g in (await session.exec(select(SeenGroup))).all()}
    code = {c.id: c.code for c in communities}
    grid_code = {g.id: g.code for g in grids}
    micro_code = {m.id: m.code for m in micro_grids}
    house_code = {h.id: h.code for h in houses}
    return Directory(
        people=tuple(
            PersonEntry(
                key=key(p.id) or "",
                name=p.name,
                phone=p.phone,
                phone_public=p.phone_public,
                lang=p.lang,
                roles=tuple(p.roles),
                contact_id=p.contact_id,
                home=house_code.get(homes[p.id].landlord_grid_id) if p.id in homes else None,
                room=homes[p.id].room if p.id in homes else None,
            )
            for p in people.values()
        ),
        communities=tuple(
            CommunityEntry(c.code, c.name, tuple(c.aliases), key(c.staff_id)) for c in communities
        ),
        grids=tuple(
            GridEntry(g.code, code[g.community_id], g.name, key(g.worker_id)) for g in grids
        ),
        micro_grids=tuple(
            MicroGridEntry(m.code, grid_code[m.grid_id], m.name, key(m.worker_id))
            for m in micro_grids
        ),
        landlord_grids=tuple(
            LandlordGridEntry(
                code=h.code,
                micro_grid=micro_code[h.micro_grid_id],
                name=h.name,
                buildings=tuple(buildings[h.id] if h.id is not None else ()),
                leader=key(h.leader_id) or "",
                address=h.address,
                group_chat=h.group_chat,
                group_name=h.group_name or (topics.get(h.group_chat) if h.group_chat else None),
            )
            for h in houses
        ),
    )
