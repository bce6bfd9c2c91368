"""Showing a full number: allowed with a purpose, and written to the audit log every time."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.privacy import DataKeys
from models.crud.tenants import record_view
from models.tenant import Tenant

FIELDS = ("document", "phone")


class NothingToReveal(LookupError):
    """The number was never given, or has been purged."""


async def reveal(
    session: AsyncSession,
    *,
    keys: DataKeys,
    tenant: Tenant,
    field: str,
    viewer: str,
    purpose: str,
    now: datetime,
) -> str:
    if field not in FIELDS:
        raise ValueError(f"field must be one of {', '.join(FIELDS)}, not {field!r}")
    if not purpose.strip():
        raise ValueError("a purpose is required to see a full number")
    sealed = tenant.document_number_encrypted if field == "document" else tenant.phone_encrypted
    if sealed is None or tenant.id is None:
        raise NothingToReveal(f"tenant {tenant.id} has no {field} number on record")
    clear = keys.cipher.decrypt(sealed.decode("ascii"))
    await record_view(
        session, tenant_id=tenant.id, field=field, viewer=viewer, purpose=purpose.strip(), at=now
    )
    return clear
