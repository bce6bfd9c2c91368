"""The stored key fingerprint, and every value sealed under the key (for a rotation)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.key_check import KEY_CHECK_ID, DataKeyCheck
from models.messaging import Dialog
from models.tenant import Tenant


async def key_check(session: AsyncSession, *, for_update: bool = False) -> DataKeyCheck | None:
    statement = select(DataKeyCheck).where(DataKeyCheck.id == KEY_CHECK_ID)
    if for_update:
        statement = statement.with_for_update()  # one rotation at a time (PostgreSQL)
    return (await session.exec(statement)).first()


async def record_key_check(
    session: AsyncSession, *, fingerprint: str, now: datetime, rotated: bool = False
) -> DataKeyCheck:
    row = await key_check(session) or DataKeyCheck(fingerprint=fingerprint, created_at=now)
    row.fingerprint = fingerprint
    if rotated:
        row.rotated_at = now
    session.add(row)
    await session.flush()
    return row


async def sealed_tenants(session: AsyncSession, *, limit: int | None = None) -> list[Tenant]:
    """Tenants holding an encrypted number, oldest first."""
    statement = (
        select(Tenant)
        .where(
            or_(
                col(Tenant.document_number_encrypted).is_not(None),
                col(Tenant.phone_encrypted).is_not(None),
            )
        )
        .order_by(col(Tenant.id))
        .limit(limit)
    )
    return list((await session.exec(statement)).all())


async def all_dialogs(session: AsyncSession) -> list[Dialog]:
    """Open questions, expired or not: a registration's draft holds sealed numbers."""
    return list((await session.exec(select(Dialog).order_by(col(Dialog.id)))).all())
