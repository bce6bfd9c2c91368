"""`gridbot keys rotate`: every sealed number re-encrypted and re-hashed under a new key, in
the caller's one transaction (all or nothing), and the new key's fingerprint stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cli import UsageError
from bot.privacy import DataKeys, DecryptionError
from bot.register.draft import reseal_slots
from bot.register.keys import WRONG_KEY, WrongSecretKey, check_data_keys
from models.crud.key_check import all_dialogs, key_check, record_key_check, sealed_tenants


class RotationFailed(UsageError):
    """A stored value the old key cannot open: nothing was changed."""


@dataclass(frozen=True, slots=True)
class Rotated:
    tenants: int  # tenants whose numbers were re-encrypted
    drafts: int  # registrations in progress (dialog drafts) re-encrypted


async def rotate_keys(
    session: AsyncSession, *, old: DataKeys, new: DataKeys, now: datetime
) -> Rotated:
    if old.fingerprint == new.fingerprint:
        raise UsageError("the new secret key is the current one: nothing to rotate")
    stored = await key_check(session, for_update=True)
    if stored is None:
        await check_data_keys(session, keys=old, now=now)  # the old key must open the data
    elif stored.fingerprint != old.fingerprint:
        raise WrongSecretKey(WRONG_KEY)
    tenants = await sealed_tenants(session)
    for tenant in tenants:
        try:
            tenant.document_number_encrypted, tenant.document_hash = _resealed(
                tenant.document_number_encrypted, old, new
            )
            tenant.phone_encrypted, tenant.phone_hash = _resealed(tenant.phone_encrypted, old, new)
        except DecryptionError:
            raise RotationFailed(
                f"tenant #{tenant.id}: a stored number cannot be opened with the current key "
                "(damaged, or stored under another key); nothing was changed"
            ) from None
        session.add(tenant)
    drafts = 0
    for dialog in await all_dialogs(session):
        try:
            slots = reseal_slots(dialog.slots, old.cipher, new.cipher)
        except DecryptionError:
            raise RotationFailed(
                f"a registration in progress (dialog #{dialog.id}) cannot be opened with the "
                "current key; nothing was changed"
            ) from None
        if slots is not None:
            dialog.slots = slots
            session.add(dialog)
            drafts += 1
    await record_key_check(session, fingerprint=new.fingerprint, now=now, rotated=True)
    return Rotated(tenants=len(tenants), drafts=drafts)


def _resealed(
    sealed: bytes | None, old: DataKeys, new: DataKeys
) -> tuple[bytes | None, str | None]:
    if sealed is None:
        return None, None
    clear = old.cipher.decrypt(sealed.decode("ascii"))
    return new.cipher.encrypt(clear).encode("ascii"), new.lookup(clear)
