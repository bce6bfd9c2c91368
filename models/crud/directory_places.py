"""Landlord grids into the database: buildings and group chats checked against stored grids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.directory import LandlordGridEntry
from models.crud._sync_common import SyncStats, assign, ids_by_code
from models.crud.grid import landlord_grid_by_building, landlord_grid_by_group_chat
from models.grid import Grid, LandlordGrid, LandlordGridBuilding, MicroGrid


async def _community_of_micro_grid(session: AsyncSession) -> dict[int, int]:
    statement = select(MicroGrid.id, Grid.community_id).join(
        Grid, col(Grid.id) == MicroGrid.grid_id
    )
    return {int(m): c for m, c in (await session.exec(statement)).all() if m is not None}


async def _check_conflicts(
    session: AsyncSession, entries: Sequence[LandlordGridEntry], community_of: dict[str, int]
) -> None:
    """A building or a group chat held by a stored landlord grid that this import leaves alone."""
    importing = {e.code for e in entries}
    for entry in entries:
        for building in entry.buildings:
            holder = await landlord_grid_by_building(
                session, community_id=community_of[entry.code], building=building
            )
            if holder is not None and holder.code not in importing:
                raise entry.origin.error(
                    "buildings",
                    f'building "{building}" already belongs to landlord grid "{holder.code}"',
                )
        if entry.group_chat is not None:
            holder = await landlord_grid_by_group_chat(session, chat_id=entry.group_chat)
            if holder is not None and holder.code not in importing:
                raise entry.origin.error(
                    "group_chat",
                    f'"{entry.group_chat}" is already the group of landlord grid "{holder.code}"',
                )


async def sync_landlord_grids(
    session: AsyncSession,
    *,
    entries: Sequence[LandlordGridEntry],
    micro_grids: dict[str, int],
    people: dict[str, int],
    stats: SyncStats,
) -> dict[str, int]:
    communities = await _community_of_micro_grid(session)
    community_of = {e.code: communities[micro_grids[e.micro_grid]] for e in entries}
    await _check_conflicts(session, entries, community_of)
    rows = {
        row.code: row
        for row in (
            await session.exec(select(LandlordGrid).where(col(LandlordGrid.code).in_(community_of)))
        ).all()
    }
    # Group chats and buildings may move between grids of this import: free them first so
    # the unique constraints never see two holders at once.
    for entry in entries:
        row = rows.get(entry.code)
        if row is not None and row.group_chat != entry.group_chat:
            row.group_chat = None
            session.add(row)
    await session.flush()
    changed_buildings = await _clear_changed_buildings(session, entries, rows)
    for entry in entries:
        values: dict[str, Any] = {
            "micro_grid_id": micro_grids[entry.micro_grid],
            "community_id": community_of[entry.code],
            "name": entry.name,
            "address": entry.address,
            "leader_id": people[entry.leader],
            "group_chat": entry.group_chat,
            "group_name": entry.group_name,
        }
        row = rows.get(entry.code)
        if row is None:
            row = LandlordGrid(code=entry.code, **values)
            stats.created["landlord_grid"] += 1
        elif assign(row, values) or entry.code in changed_buildings:
            stats.updated["landlord_grid"] += 1
        session.add(row)
        await session.flush()
        if entry.code not in rows or entry.code in changed_buildings:
            assert row.id is not None
            for building in dict.fromkeys(entry.buildings):
                session.add(
                    LandlordGridBuilding(
                        landlord_grid_id=row.id, community_id=row.community_id, building=building
                    )
                )
    await session.flush()
    return await ids_by_code(session, LandlordGrid)


async def _clear_changed_buildings(
    session: AsyncSession, entries: Sequence[LandlordGridEntry], rows: dict[str, LandlordGrid]
) -> set[str]:
    changed: set[str] = set()
    for entry in entries:
        row = rows.get(entry.code)
        if row is None or row.id is None:
            continue
        statement = select(LandlordGridBuilding).where(
            LandlordGridBuilding.landlord_grid_id == row.id
        )
        stored = list((await session.exec(statement)).all())
        same_place = all(b.community_id == row.community_id for b in stored)
        if [b.building for b in stored] != list(dict.fromkeys(entry.buildings)) or not same_place:
            changed.add(entry.code)
            await session.exec(
                delete(LandlordGridBuilding).where(
                    col(LandlordGridBuilding.landlord_grid_id) == row.id
                )
            )
    await session.flush()
    return changed
