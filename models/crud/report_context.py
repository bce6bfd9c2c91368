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

from sqlalchemy import bindparam
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
    row = (await session.exec(_FACTS, params={"person_id": person.id})).first()
    return NO_FACTS if row is None else ReporterFacts(row[0], row[1])


async def reporter_by_contact(
    session: AsyncSession, *, contact_id: str
) -> tuple[Person | None, ReporterFacts]:
    """The person behind a chat contact with their facts, in one statement."""
    row = (await session.exec(_REPORTER, params={"contact_id": contact_id})).first()
    return (None, NO_FACTS) if row is None else (row[0], ReporterFacts(row[1], row[2]))


# Statements here are built once and executed with parameters: building one per call cost
# more than SQLite running it.
_REPORTER = (
    select(Person, LanguageChoice.lang, PersonHome)
    .outerjoin(LanguageChoice, col(LanguageChoice.person_id) == Person.id)
    .outerjoin(PersonHome, col(PersonHome.person_id) == Person.id)
    .where(col(Person.contact_id) == bindparam("contact_id"))
)
_FACTS = (
    select(LanguageChoice.lang, PersonHome)
    .select_from(Person)
    .outerjoin(LanguageChoice, col(LanguageChoice.person_id) == Person.id)
    .outerjoin(PersonHome, col(PersonHome.person_id) == Person.id)
    .where(col(Person.id) == bindparam("person_id"))
)


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


_HouseRows = Select[
    LandlordGrid, Community, Person, MicroGrid, Person | None, int | None, str | None
]


def _houses(*, by_chat: bool, ids: int) -> _HouseRows:
    """`ids`: how many grid ids are asked for, 0, 1 or 2 (for "several")."""
    leader, worker = aliased(Person, name="leader"), aliased(Person, name="worker")
    wanted = []
    if by_chat:
        wanted.append(col(LandlordGrid.group_chat) == bindparam("chat_id"))
    if ids == 1:  # the common case, without an IN list rendered anew per call
        wanted.append(col(LandlordGrid.id) == bindparam("grid_id"))
    elif ids > 1:
        wanted.append(col(LandlordGrid.id).in_(bindparam("grid_ids", expanding=True)))
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
    return cast(_HouseRows, statement)


# By (a chat wanted, how many ids: 0, 1, several): one statement of each shape.
_HOUSES = {
    (by_chat, ids): _houses(by_chat=by_chat, ids=ids)
    for by_chat in (True, False)
    for ids in (0, 1, 2)
    if by_chat or ids
}


async def houses_of(
    session: AsyncSession, *, chat_id: str | None = None, grid_ids: Collection[int] = ()
) -> list[House]:
    """The house whose group is `chat_id` (LandlordGrid.group_chat) and those of `grid_ids`,
    by id; one statement, none when there is nothing to ask for."""
    ids = list(grid_ids)
    if chat_id is None and not ids:
        return []
    params: dict[str, object] = {}
    if chat_id is not None:
        params["chat_id"] = chat_id
    if len(ids) == 1:
        params["grid_id"] = ids[0]
    elif ids:
        params["grid_ids"] = ids
    statement = _HOUSES[(chat_id is not None, min(len(ids), 2))]
    houses: dict[int | None, House] = {}
    for grid, community, lead, micro, work, building_community, building in (
        await session.exec(statement, params=params)
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
