"""Register coverage (登记覆盖率): configured rooms with a registered resident, per house.

As the /register page counts it: a house's rentable rooms come from `[register.houses]`;
a house without configured rooms adds nothing to either side.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.register_settings import RegisterSettings
from models.crud.console_places import HousePlace
from models.crud.register_facts import occupied_rooms


@dataclass(frozen=True, slots=True)
class Coverage:
    rooms: int
    occupied: int

    @property
    def share(self) -> float | None:
        return self.occupied / self.rooms if self.rooms else None

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.rooms + other.rooms, self.occupied + other.occupied)


NONE = Coverage(0, 0)


def house_coverage(configured: Collection[str], taken: Collection[str]) -> Coverage:
    return Coverage(len(configured), sum(1 for room in configured if room in taken))


def total(parts: Iterable[Coverage]) -> Coverage:
    return sum(parts, NONE)


async def coverage_by_house(
    session: AsyncSession,
    *,
    places: list[HousePlace],
    register: RegisterSettings,
    at: datetime,
) -> Mapping[int, Coverage]:
    taken = await occupied_rooms(session, houses=[p.house.id for p in places], at=at)
    return {
        p.house.id: house_coverage(register.house(p.house.code).rooms, taken.get(p.house.id, ()))
        for p in places
    }
