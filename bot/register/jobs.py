"""The register's timed jobs: visa warnings (daily), the landlords' lists (monthly), purges.

Each message is queued with a dedupe key (a visa warning is a notice with a key), so a job
that runs twice (a restart, a second process) sends nothing twice, and a missed day is
caught up by the next run.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind
from bot.config.settings import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.outbound import Outbound, ToPerson
from bot.notices.context import frozen
from bot.privacy import DataKeys
from bot.register.draft import masked_document
from bot.register.views import house_view
from bot.register.warnings import due_threshold, masked_name
from models.crud.notices import PlannedDelivery, create_notice, notice_keyed, plan_notice
from models.crud.tenants import current_stays
from models.grid import LandlordGrid
from models.notice import Notice, NoticeKind
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
    """Warn each landlord (DM, and masked in their group) about visas near expiry: a
    notice to their house, sent and counted like every notice (bot/notices/sender.py:
    paced, its receipt "收到" stored per house); how many messages were planned."""
    today = now.astimezone(settings.timezone).date()
    planned = 0
    for stay, tenant in await current_stays(session, now=now):
        if tenant.visa_expiry is None:
            continue
        step = due_threshold(tenant.visa_expiry, today, settings.register.warn_days)
        if step is None:
            continue
        key = f"visa:{tenant.id}:{tenant.visa_expiry.isoformat()}:{step}"
        if await notice_keyed(session, key=key):
            continue  # warned at this step already (a second run, a restart)
        house = await session.get_one(LandlordGrid, stay.landlord_grid_id)
        leader = await session.get_one(Person, house.leader_id)
        days_left = (tenant.visa_expiry - today).days
        deliveries = _warning(house, leader, stay, tenant, days_left, keys)
        if not deliveries:
            continue
        notice = await create_notice(
            session,
            notice=Notice(
                kind=NoticeKind.VISA,
                scope="house",
                scope_name=house.name,
                lang=leader.lang,
                template="visa_warning",
                key=key,
                created_at=now,
            ),
        )
        await plan_notice(
            session,
            notice=notice,
            deliveries=deliveries,
            leaders={house.id or 0: leader.id},
            send_at=now,
            until=None,
            now=now,
        )
        planned += len(deliveries)
    return planned


def _warning(
    house: LandlordGrid,
    leader: Person,
    stay: Residence,
    tenant: Tenant,
    days_left: int,
    keys: DataKeys,
) -> list[PlannedDelivery]:
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
    houses = [house.id or 0]
    deliveries = []
    if leader.contact_id:
        deliveries.append(
            PlannedDelivery(
                ChatKind.DIRECT.value,
                leader.contact_id,
                "visa_warning",
                leader.lang,
                context=frozen(context),
                houses=houses,
            )
        )
    if house.group_chat:
        mention = (leader.contact_id,) if leader.contact_id else ()
        group = frozen({**context, "name": masked_name(tenant.name)})
        deliveries.append(
            PlannedDelivery(
                ChatKind.GROUP.value,
                house.group_chat,
                "visa_warning_group",
                "zh",
                mention_ids=mention,
                context=group,
                houses=houses,
            )
        )
    return deliveries


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
