"""The tenant register: stays (residences) and tenants; numbers arrive already encrypted."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import PersonalDataView
from models.tenant import Residence, Tenant

Stay = tuple[Residence, Tenant]


def _current(now: datetime) -> ColumnElement[bool]:
    return or_(col(Residence.moved_out).is_(None), col(Residence.moved_out) > now)


async def add_tenant(
    session: AsyncSession,
    *,
    name: str,
    document_type: str | None,
    document_encrypted: bytes | None,
    document_hash: str | None,
    phone_encrypted: bytes | None,
    phone_hash: str | None,
    nationality: str | None,
    visa_expiry: date | None,
    person_id: int | None,
    created_at: datetime,
) -> Tenant:
    tenant = Tenant(
        name=name,
        document_type=document_type,
        document_number_encrypted=document_encrypted,
        document_hash=document_hash,
        phone_encrypted=phone_encrypted,
        phone_hash=phone_hash,
        nationality=nationality,
        visa_expiry=visa_expiry,
        person_id=person_id,
        created_at=created_at,
    )
    session.add(tenant)
    await session.flush()
    return tenant


async def add_residence(
    session: AsyncSession,
    *,
    tenant_id: int,
    landlord_grid_id: int,
    room: str | None,
    moved_in: datetime,
) -> Residence:
    residence = Residence(
        tenant_id=tenant_id, landlord_grid_id=landlord_grid_id, room=room, moved_in=moved_in
    )
    session.add(residence)
    await session.flush()
    return residence


async def tenant_by_document(session: AsyncSession, *, document_hash: str) -> Tenant | None:
    statement = select(Tenant).where(Tenant.document_hash == document_hash)
    return (await session.exec(statement.order_by(col(Tenant.id).desc()))).first()


async def current_stays(
    session: AsyncSession,
    *,
    now: datetime,
    landlord_grid_ids: list[int] | None = None,
    tenant_id: int | None = None,
) -> list[Stay]:
    """Who lives where now (a sign-out dated later still counts as living there)."""
    statement = (
        select(Residence, Tenant)
        .join(Tenant, col(Tenant.id) == Residence.tenant_id)
        .where(_current(now))
    )
    if landlord_grid_ids is not None:
        statement = statement.where(col(Residence.landlord_grid_id).in_(landlord_grid_ids))
    if tenant_id is not None:
        statement = statement.where(Residence.tenant_id == tenant_id)
    statement = statement.order_by(col(Residence.room), col(Residence.id))
    return [(residence, tenant) for residence, tenant in (await session.exec(statement)).all()]


async def sign_out(session: AsyncSession, *, residence_id: int, at: datetime) -> Residence:
    residence = await session.get_one(Residence, residence_id)
    residence.moved_out = at
    session.add(residence)
    await session.flush()
    return residence


async def purgeable_tenants(session: AsyncSession, *, signed_out_before: datetime) -> list[Tenant]:
    """Tenants still holding numbers whose every stay ended before the given moment."""
    last_out = (
        select(Residence.tenant_id)
        .group_by(col(Residence.tenant_id))
        .having(
            and_(
                func.count(col(Residence.moved_out)) == func.count(col(Residence.id)),
                func.max(col(Residence.moved_out)) < signed_out_before,
            )
        )
    )
    statement = (
        select(Tenant)
        .where(col(Tenant.id).in_(last_out))
        .where(
            or_(
                col(Tenant.document_number_encrypted).is_not(None),
                col(Tenant.phone_encrypted).is_not(None),
            )
        )
        .order_by(col(Tenant.id))
    )
    return list((await session.exec(statement)).all())


async def record_view(
    session: AsyncSession,
    *,
    tenant_id: int,
    field: str,
    viewer: str,
    purpose: str,
    at: datetime,
) -> PersonalDataView:
    view = PersonalDataView(
        tenant_id=tenant_id, field=field, viewer=viewer, purpose=purpose, viewed_at=at
    )
    session.add(view)
    await session.flush()
    return view


async def views_of(session: AsyncSession, *, tenant_id: int) -> list[PersonalDataView]:
    statement = (
        select(PersonalDataView)
        .where(PersonalDataView.tenant_id == tenant_id)
        .order_by(col(PersonalDataView.id))
    )
    return list((await session.exec(statement)).all())
