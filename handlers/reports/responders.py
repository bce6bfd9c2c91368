"""Who answers a new report: the landlord grid's leader, and for urgent ones also the
micro-grid worker above it. Two look-ups at most, instead of the whole escalation ladder."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.report_context import House
from models.grid import LandlordGrid, MicroGrid
from models.person import Person


@dataclass(frozen=True, slots=True)
class Responders:
    leader: Person
    worker: Person | None  # the micro-grid worker; looked up for urgent reports only


async def responders_of(
    session: AsyncSession, *, landlord_grid: LandlordGrid, urgent: bool
) -> Responders:
    leader = await session.get_one(Person, landlord_grid.leader_id)
    if not urgent:
        return Responders(leader, None)
    micro = await session.get_one(MicroGrid, landlord_grid.micro_grid_id)
    worker = await session.get(Person, micro.worker_id) if micro.worker_id else None
    return Responders(leader, worker if worker is not None and worker.id != leader.id else None)


def responders_in(house: House, *, urgent: bool) -> Responders:
    """`responders_of` for a house loaded with its people (no look-up at all)."""
    if not urgent:
        return Responders(house.leader, None)
    worker = house.worker
    leader = house.leader
    return Responders(leader, worker if worker is not None and worker.id != leader.id else None)
