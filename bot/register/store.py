"""Register changes: a confirmed draft becomes a stay; numbers are encrypted and hashed here."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.privacy import DataKeys, normalise_number
from bot.register.draft import ID_CARD, Draft
from models.crud.tenants import add_residence, add_tenant, current_stays, sign_out
from models.crud.tenants import tenant_by_document as _by_hash
from models.tenant import Residence, Tenant


def moment(day: date | None, *, now: datetime, tz: ZoneInfo) -> datetime:
    """A date from a message as a moment: now for today or earlier, else that local midnight."""
    if day is None or day <= now.astimezone(tz).date():
        return now
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _sealed(keys: DataKeys, value: str | None) -> tuple[bytes | None, str | None]:
    if not value:
        return None, None
    clear = normalise_number(value)
    return keys.cipher.encrypt(clear).encode("ascii"), keys.lookup(clear)


async def tenant_by_document(
    session: AsyncSession, *, keys: DataKeys, number: str
) -> Tenant | None:
    return await _by_hash(session, document_hash=keys.lookup(number))


async def save_registration(
    session: AsyncSession,
    *,
    keys: DataKeys,
    draft: Draft,
    landlord_grid_id: int,
    person_id: int | None,
    now: datetime,
    tz: ZoneInfo,
) -> tuple[Tenant, Residence]:
    """A new stay; a tenant already known by their document is updated, not duplicated."""
    known = None
    if draft.document_number:
        known = await tenant_by_document(session, keys=keys, number=draft.document_number)
    if known is None:
        document, document_hash = _sealed(keys, draft.document_number)
        phone, phone_hash = _sealed(keys, draft.phone)
        tenant = await add_tenant(
            session,
            name=draft.name or "",
            document_type=draft.document_type,
            document_encrypted=document,
            document_hash=document_hash,
            phone_encrypted=phone,
            phone_hash=phone_hash,
            nationality=draft.nationality or ("CN" if draft.document_type == ID_CARD else None),
            visa_expiry=draft.visa_expiry,
            person_id=person_id,
            created_at=now,
        )
    else:
        tenant = await update_tenant(session, keys=keys, tenant=known, draft=draft)
    assert tenant.id is not None
    moved_in = moment(draft.move_in, now=now, tz=tz)
    for stay, _ in await current_stays(session, now=now, tenant_id=tenant.id):
        assert stay.id is not None
        await sign_out(session, residence_id=stay.id, at=moved_in)  # one home at a time
    residence = await add_residence(
        session,
        tenant_id=tenant.id,
        landlord_grid_id=landlord_grid_id,
        room=draft.room,
        moved_in=moved_in,
    )
    return tenant, residence


async def update_tenant(
    session: AsyncSession, *, keys: DataKeys, tenant: Tenant, draft: Draft
) -> Tenant:
    """Replace what the draft gives (a renewed visa, a new phone or passport)."""
    if draft.name:
        tenant.name = draft.name
    if draft.document_number:
        tenant.document_type = draft.document_type
        tenant.document_number_encrypted, tenant.document_hash = _sealed(
            keys, draft.document_number
        )
        tenant.purged_at = None
    if draft.phone:
        tenant.phone_encrypted, tenant.phone_hash = _sealed(keys, draft.phone)
    if draft.nationality:
        tenant.nationality = draft.nationality
    if draft.visa_expiry:
        tenant.visa_expiry = draft.visa_expiry
    session.add(tenant)
    await session.flush()
    return tenant
