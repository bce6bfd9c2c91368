"""The register's timed jobs: visa warnings (daily), the landlords' lists (monthly), purges.

Each message is queued with a dedupe key, so a job that runs twice (a restart, a second
process) sends nothing twice, and a missed day is caught up by the next run.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.outbound import Outbound, ToGroup, ToPerson
from bot.privacy import DataKeys
from bot.register.draft import masked_document
from bot.register.views import house_view
from bot.register.warnings import due_threshold, masked_name
from models.crud.tenants import current_stays
from models.grid import LandlordGrid
from models.person import Person
from models.tenant import Residence, Tenant


async def visa_warnings(
    session: AsyncSession,
    *,
    enqueuer: Enqueuer,
    settings: Settings,
    keys: DataKeys,
    now: datetime,
) -> int:
    """Warn each landlord (DM, and masked in their group) about visas near expiry."""
    today = now.astimezone(settings.timezone).date()
    queued = 0
    for stay, tenant in await current_stays(session, now=now):
        if tenant.visa_expiry is None:
            continue
        step = due_threshold(tenant.visa_expiry, today, settings.register.warn_days)
        if step is None:
            continue
        house = await session.get_one(LandlordGrid, stay.landlord_grid_id)
        leader = await session.get_one(Person, house.leader_id)
        outbounds = _warning(house, leader, stay, tenant, (tenant.visa_expiry - today).days, keys)
        key = f"visa:{tenant.id}:{tenant.visa_expiry.isoformat()}:{step}"
        queued += await enqueuer.enqueue(session, outbounds, now=now, key=key)
    return queued


def _warning(
    house: LandlordGrid,
    leader: Person,
    stay: Residence,
    tenant: Tenant,
    days_left: int,
    keys: DataKeys,
) -> list[Outbound]:
    sealed = tenant.document_number_encrypted
    number = keys.cipher.decrypt(sealed.decode("ascii")) if sealed else None
    context = {
        "house": house.name,
        "room": stay.room,
        "name": tenant.name,
        "document": masked_document(tenant.document_type, number),
        "expiry": tenant.visa_expiry,
        "days_left": days_left,
    }
    outbounds = []
    if leader.contact_id:
        outbounds.append(Outbound("visa_warning", ToPerson(leader.contact_id), context))
    if house.group_chat:
        mention = (leader.contact_id,) if leader.contact_id else ()
        group = {**context, "name": masked_name(tenant.name)}
        outbounds.append(Outbound("visa_warning_group", ToGroup(house.group_chat, mention), group))
    return outbounds


async def monthly_lists(
    session: AsyncSession,
    *,
    enqueuer: Enqueuer,
    settings: Settings,
    keys: DataKeys,
    now: datetime,
) -> int:
    """Each landlord's current tenants, to confirm or correct (每月动态更新)."""
    month = now.astimezone(settings.timezone).strftime("%Y-%m")
    queued = 0
    houses = (await session.exec(select(LandlordGrid).order_by(col(LandlordGrid.code)))).all()
    for house in houses:
        leader = await session.get_one(Person, house.leader_id)
        if not leader.contact_id:
            continue
        view = await house_view(
            session, house=house, register=settings.register, keys=keys, now=now
        )
        context = {"house": view.name, "residents": view.residents, "empty": view.empty_rooms}
        item = Outbound("register_monthly", ToPerson(leader.contact_id), context)
        queued += await enqueuer.enqueue(
            session, [item], now=now, key=f"monthly:{house.code}:{month}"
        )
    return queued
