"""What filing a report needs to know, in two statements: the reporter's chosen language and
home, and the houses (landlord grids) the report may belong to with everything about them.

A report is the bot's busiest write; asking for each of these one by one cost a dozen
round trips. The entities come back through the ORM, so later `session.get` calls for the
same grid, community, leader or micro-grid worker are answered by the identity map.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import cast

from sqlalchemy.orm import aliased
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from models.grid import Community, LandlordGrid, LandlordGridBuilding, MicroGrid
from models.language import LanguageChoice
from models.person import Person, PersonHome


@dataclass(frozen=True, slots=True)
class ReporterFacts:
    chosen_lang: str | None  # the language they asked for (LanguageChoice), if any
    home: PersonHome | None


NO_FACTS = ReporterFacts(None, None)


async def reporter_facts(session: AsyncSession, *, person: Person | None) -> ReporterFacts:
    if person is None or person.id is None:
        return NO_FACTS
    statement = (
        select(LanguageChoice.lang, PersonHome)
        .select_from(Person)
        .outerjoin(LanguageChoice, col(LanguageChoice.person_id) == Person.id)
        .outerjoin(PersonHome, col(PersonHome.person_id) == Person.id)
        .where(Person.id == person.id)
    )
    row = (await session.exec(statement)).first()
    return NO_FACTS if row is None else ReporterFacts(row[0], row[1])


@dataclass(frozen=True, slots=True)
class House:
    """A landlord grid with its community, buildings (in stored order) and responders."""

    grid: LandlordGrid
    community: Community
    buildings: tuple[str, ...]
    leader: Person
    micro_grid: MicroGrid
    worker: Person | None  # the micro-grid worker
    # (community id, building) of each building: LandlordGridBuilding's own community.
    building_keys: frozenset[tuple[int, str]]

    @property
    def id(self) -> int:
        if self.grid.id is None:
            raise ValueError("a landlord grid without an id")
        return self.grid.id


_LEADER, _WORKER = aliased(Person, name="leader"), aliased(Person, name="worker")
_HouseRows = Select[
    LandlordGrid, Community, Person, MicroGrid, Person | None, int | None, str | None
]


async def houses_of(
    session: AsyncSession, *, chat_id: str | None = None, grid_ids: Collection[int] = ()
) -> list[House]:
    """The house whose group is `chat_id` (LandlordGrid.group_chat) and those of `grid_ids`,
    by id; one statement, none when there is nothing to ask for."""
    ids = list(grid_ids)
    if chat_id is None and not ids:
        return []
    leader, worker = _LEADER, _WORKER
    wanted = []
    if chat_id is not None:
        wanted.append(col(LandlordGrid.group_chat) == chat_id)
    if ids:
        wanted.append(col(LandlordGrid.id).in_(ids))
    statement = (
        select(LandlordGrid, Community, leader, MicroGrid)
        .add_columns(
            worker, col(LandlordGridBuilding.community_id), col(LandlordGridBuilding.building)
        )
        .select_from(LandlordGrid)
        .join(Community, col(Community.id) == LandlordGrid.community_id)
        .join(leader, col(leader.id) == LandlordGrid.leader_id)
        .join(MicroGrid, col(MicroGrid.id) == LandlordGrid.micro_grid_id)
        .outerjoin(worker, col(worker.id) == MicroGrid.worker_id)
        .outerjoin(
            LandlordGridBuilding, col(LandlordGridBuilding.landlord_grid_id) == LandlordGrid.id
        )
        .where(or_(*wanted))
        .order_by(col(LandlordGrid.id), col(LandlordGridBuilding.id))
    )
    # add_columns keeps sqlmodel's Select (its typing stops at four entities).
    rows = cast(_HouseRows, statement)
    houses: dict[int | None, House] = {}
    for grid, community, lead, micro, work, building_community, building in (
        await session.exec(rows)
    ).all():
        house = houses.get(grid.id) or House(grid, community, (), lead, micro, work, frozenset())
        if building is not None and building_community is not None:
            house = replace(
                house,
                buildings=(*house.buildings, building),
                building_keys=house.building_keys | {(building_community, building)},
            )
        houses[grid.id] = house
    return list(houses.values())
