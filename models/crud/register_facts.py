"""Register figures for a scope, without opening a single encrypted number: which rooms
have a registered resident at a moment, and whose visa runs out soon."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.tenant import Residence, Tenant


def _living_at(at: datetime) -> list[ColumnElement[bool]]:
    return [
        col(Residence.moved_in) <= at,
        or_(col(Residence.moved_out).is_(None), col(Residence.moved_out) > at),
    ]


async def occupied_rooms(
    session: AsyncSession, *, houses: Collection[int], at: datetime
) -> dict[int, set[str]]:
    """Per landlord grid, the rooms where someone registered lived at `at`."""
    if not houses:
        return {}
    columns: list[Any] = [col(Residence.landlord_grid_id), col(Residence.room)]
    statement = (
        select(*columns)
        .where(*_living_at(at))
        .where(col(Residence.landlord_grid_id).in_(sorted(houses)))
        .where(col(Residence.room).is_not(None))
    )
    rooms: dict[int, set[str]] = {}
    for house, room in (await session.exec(statement)).all():
        if room is not None:
            rooms.setdefault(house, set()).add(room)
    return rooms


@dataclass(frozen=True, slots=True)
class VisaDue:
    landlord_grid_id: int
    room: str | None
    name: str
    visa_expiry: date


async def visas_due(
    session: AsyncSession, *, houses: Collection[int], now: datetime, by: date
) -> list[VisaDue]:
    """Current residents whose visa expires on or before `by` (expired ones included)."""
    if not houses:
        return []
    columns: list[Any] = [
        col(Residence.landlord_grid_id),
        col(Residence.room),
        col(Tenant.name),
        col(Tenant.visa_expiry),
    ]
    statement = (
        select(*columns)
        .join(Tenant, col(Tenant.id) == col(Residence.tenant_id))
        .where(*_living_at(now))
        .where(col(Residence.landlord_grid_id).in_(sorted(houses)))
        .where(col(Tenant.visa_expiry).is_not(None))
        .where(col(Tenant.visa_expiry) <= by)
        .order_by(col(Tenant.visa_expiry), col(Residence.id))
    )
    return [
        VisaDue(house, room, name, expiry)
        for house, room, name, expiry in (await session.exec(statement)).all()
        if expiry is not None
    ]
