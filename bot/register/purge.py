"""Retention: document numbers and phones of tenants gone longer than the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.tenants import purgeable_tenants


async def purge_signed_out(session: AsyncSession, *, retention: timedelta, now: datetime) -> int:
    """Delete the numbers (and their look-up hashes) of tenants signed out before the period.

    The name, nationality and stays remain: the register still shows who lived where.
    """
    tenants = await purgeable_tenants(session, signed_out_before=now - retention)
    for tenant in tenants:
        tenant.document_number_encrypted = None
        tenant.document_hash = None
        tenant.phone_encrypted = None
        tenant.phone_hash = None
        tenant.purged_at = now
        session.add(tenant)
    await session.flush()
    return len(tenants)
