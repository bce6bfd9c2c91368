"""What the household forms do: register or sign out a tenant and tell the landlord."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.outbound import Outbound, ToPerson
from bot.privacy import DataKeys
from bot.register.draft import Draft
from bot.register.store import save_registration
from models.crud.tenants import Stay, current_stays, sign_out
from models.grid import LandlordGrid
from models.person import Person


async def register_from_form(
    session: AsyncSession,
    *,
    enqueuer: Enqueuer,
    keys: DataKeys,
    house: LandlordGrid,
    draft: Draft,
    now: datetime,
    tz: ZoneInfo,
) -> None:
    assert house.id is not None
    await save_registration(
        session, keys=keys, draft=draft, landlord_grid_id=house.id, person_id=None, now=now, tz=tz
    )
    await _tell_landlord(session, enqueuer, house, "register", draft, now)


async def sign_out_from_form(
    session: AsyncSession,
    *,
    enqueuer: Enqueuer,
    keys: DataKeys,
    house: LandlordGrid,
    name: str,
    number: str,
    now: datetime,
) -> Stay | None:
    """Sign out the current tenant of `house` with this name and document number or phone."""
    assert house.id is not None
    wanted = keys.lookup(number)
    found = [
        (stay, tenant)
        for stay, tenant in await current_stays(session, now=now, landlord_grid_ids=[house.id])
        if wanted in (tenant.document_hash, tenant.phone_hash) and _same(tenant.name, name)
    ]
    if not found:
        return None
    stay, tenant = found[0]
    assert stay.id is not None
    await sign_out(session, residence_id=stay.id, at=now)
    draft = Draft(name=tenant.name, room=stay.room)
    await _tell_landlord(session, enqueuer, house, "move_out", draft, now)
    return stay, tenant


def _same(registered: str, given: str) -> bool:
    return "".join(registered.split()).casefold() == "".join(given.split()).casefold()


async def _tell_landlord(
    session: AsyncSession,
    enqueuer: Enqueuer,
    house: LandlordGrid,
    action: str,
    draft: Draft,
    now: datetime,
) -> None:
    leader = await session.get_one(Person, house.leader_id)
    if leader.contact_id is None:
        return
    context = {"action": action, "house": house.name, "tenant": draft.shown(), "via": "form"}
    notice = Outbound("register_notice", ToPerson(leader.contact_id), context)
    await enqueuer.enqueue(session, [notice], now=now)
