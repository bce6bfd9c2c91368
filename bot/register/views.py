"""The register as people read it: residents (masked), visas, empty rooms, coverage."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.register_settings import RegisterSettings
from bot.privacy import DataKeys, DecryptionError, mask_phone
from bot.register.draft import masked_document
from models.crud.tenants import current_stays
from models.grid import Community, LandlordGrid
from models.tenant import Tenant


@dataclass(frozen=True, slots=True)
class Resident:
    tenant_id: int
    name: str
    room: str | None
    document: str | None  # masked
    phone: str | None  # masked
    nationality: str | None
    visa_expiry: date | None
    moved_in: datetime


@dataclass(frozen=True, slots=True)
class HouseView:
    code: str
    name: str
    community: str
    residents: tuple[Resident, ...]
    rooms: tuple[str, ...]  # configured rentable rooms
    empty_rooms: tuple[str, ...]  # configured rooms with no registered resident

    @property
    def foreign(self) -> tuple[Resident, ...]:
        return tuple(r for r in self.residents if r.visa_expiry is not None)

    @property
    def occupied(self) -> int:
        return len(self.rooms) - len(self.empty_rooms)


@dataclass(frozen=True, slots=True)
class Coverage:
    name: str
    rooms: int  # listed rooms (`[register.houses.CODE] rooms`)
    occupied: int  # listed rooms with a registered resident
    residents: int = 0  # registered residents, listed rooms or not

    @property
    def share(self) -> float | None:
        return self.occupied / self.rooms if self.rooms else None


def _opened(keys: DataKeys, sealed: bytes | None) -> str | None:
    # For masking only: the full number never leaves this function.
    if sealed is None:
        return None
    try:
        return keys.cipher.decrypt(sealed.decode("ascii"))
    except DecryptionError:
        return "?"


def resident(tenant: Tenant, room: str | None, moved_in: datetime, keys: DataKeys) -> Resident:
    document = _opened(keys, tenant.document_number_encrypted)
    phone = _opened(keys, tenant.phone_encrypted)
    assert tenant.id is not None
    return Resident(
        tenant_id=tenant.id,
        name=tenant.name,
        room=room,
        document=masked_document(tenant.document_type, document),
        phone=mask_phone(phone) if phone else None,
        nationality=tenant.nationality,
        visa_expiry=tenant.visa_expiry,
        moved_in=moved_in,
    )


async def house_view(
    session: AsyncSession,
    *,
    house: LandlordGrid,
    register: RegisterSettings,
    keys: DataKeys,
    now: datetime,
) -> HouseView:
    assert house.id is not None
    stays = await current_stays(session, now=now, landlord_grid_ids=[house.id])
    residents = tuple(resident(t, s.room, s.moved_in, keys) for s, t in stays)
    rooms = register.house(house.code).rooms
    taken = {r.room for r in residents}
    community = await session.get_one(Community, house.community_id)
    return HouseView(
        code=house.code,
        name=house.name,
        community=community.name,
        residents=residents,
        rooms=rooms,
        empty_rooms=tuple(room for room in rooms if room not in taken),
    )


async def all_house_views(
    session: AsyncSession,
    *,
    register: RegisterSettings,
    keys: DataKeys,
    now: datetime,
    houses_in: Collection[int] | None = None,
) -> list[HouseView]:
    """Every house's view, or only those of `houses_in` (a console viewer's scope)."""
    statement = select(LandlordGrid).order_by(col(LandlordGrid.code))
    if houses_in is not None:
        statement = statement.where(col(LandlordGrid.id).in_(sorted(houses_in)))
    houses = (await session.exec(statement)).all()
    return [
        await house_view(session, house=h, register=register, keys=keys, now=now) for h in houses
    ]


def coverage_by_community(views: list[HouseView]) -> list[Coverage]:
    """Registration coverage: rooms with a registered resident among the configured rooms."""
    totals: dict[str, tuple[int, int, int]] = {}
    for view in views:
        rooms, occupied, residents = totals.get(view.community, (0, 0, 0))
        totals[view.community] = (
            rooms + len(view.rooms),
            occupied + view.occupied,
            residents + len(view.residents),
        )
    return [Coverage(name, *counts) for name, counts in totals.items()]
