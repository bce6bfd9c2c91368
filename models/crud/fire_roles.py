"""A house's four fire-safety roles (消防四员) as the directory names them.

The house's landlord (消防安全责任人), its micro-grid worker, its grid worker and its
community's staff: one statement. A phone is given only where the directory marks it public
(`phone_public`); the public household page shows nothing else of a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.person import Person

ROLES = ("landlord", "micro_grid_worker", "grid_worker", "community_staff")


@dataclass(frozen=True, slots=True)
class FireRole:
    role: str  # one of ROLES
    name: str
    phone: str | None  # only a phone the directory marks public


async def fire_roles(session: AsyncSession, *, landlord_grid_id: int) -> list[FireRole]:
    """The roles that are filled, in ROLES order."""
    leader, micro_worker = aliased(Person), aliased(Person)
    grid_worker, staff = aliased(Person), aliased(Person)
    statement = (
        select(leader, micro_worker, grid_worker, staff)
        .select_from(LandlordGrid)
        .join(leader, col(leader.id) == LandlordGrid.leader_id)
        .join(MicroGrid, col(MicroGrid.id) == LandlordGrid.micro_grid_id)
        .join(Grid, col(Grid.id) == MicroGrid.grid_id)
        .join(Community, col(Community.id) == LandlordGrid.community_id)
        .outerjoin(micro_worker, col(micro_worker.id) == MicroGrid.worker_id)
        .outerjoin(grid_worker, col(grid_worker.id) == Grid.worker_id)
        .outerjoin(staff, col(staff.id) == Community.staff_id)
        .where(LandlordGrid.id == landlord_grid_id)
    )
    row = (await session.exec(statement)).first()
    if row is None:
        return []
    return [
        FireRole(role, person.name, person.phone if person.phone_public else None)
        for role, person in zip(ROLES, row, strict=True)
        if person is not None
    ]
