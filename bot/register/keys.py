"""The keys for personal data: from the configured secret, or the demo key in the demo; and
the check that they are the keys the stored data was sealed with."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cli import UsageError
from bot.config.settings import Settings
from bot.privacy import DataKeys, DecryptionError
from models.crud.key_check import key_check, record_key_check, sealed_tenants

# Public on purpose: it only ever protects invented demo data (see [register] demo).
DEMO_SECRET = "gridbot-demo-key-not-secret-0000"
DEMO_TRANSPORTS = frozenset({"simulator", "memory"})


class MissingSecretKey(UsageError):
    """Personal data would be stored without a key of the operator's own."""


class WrongSecretKey(UsageError):
    """The configured key is not the one the stored personal data was sealed with."""


def data_keys(settings: Settings) -> DataKeys:
    """The keys to encrypt and look up personal numbers; refuses when there is no secret."""
    if settings.secret_key is not None:
        return DataKeys.from_secret(settings.secret_key.reveal())
    demo_only = settings.channels <= DEMO_TRANSPORTS  # every account: no real people
    if settings.register.demo and demo_only:
        return DataKeys.from_secret(DEMO_SECRET)
    raise MissingSecretKey(
        f"{settings.source}: secret_key is not set: personal data must be encrypted; "
        'export GRIDBOT_SECRET_KEY (python -c "import secrets; print(secrets.token_urlsafe(32))")'
        + ("" if not demo_only else " or set [register] demo = true")
    )


async def check_data_keys(session: AsyncSession, *, keys: DataKeys, now: datetime) -> None:
    """WrongSecretKey unless `keys` are those the database's personal data is sealed with.

    The first time (no fingerprint stored yet) the key is recorded, after making sure it
    opens the numbers already stored, if any (data kept before the check existed).
    """
    stored = await key_check(session)
    if stored is not None:
        if stored.fingerprint != keys.fingerprint:
            raise WrongSecretKey(WRONG_KEY)
        return
    for tenant in await sealed_tenants(session, limit=1):
        sealed = tenant.document_number_encrypted or tenant.phone_encrypted
        assert sealed is not None
        try:
            keys.cipher.decrypt(sealed.decode("ascii"))
        except DecryptionError:
            raise WrongSecretKey(WRONG_KEY) from None
    await record_key_check(session, fingerprint=keys.fingerprint, now=now)


WRONG_KEY = (
    "the secret key (GRIDBOT_SECRET_KEY or secret_key) is not the one the personal data in "
    "this database was stored with: with it every stored ID and phone number would be "
    "unreadable, so nothing starts. Set the key the data was stored with (from where you "
    "keep it safe); to change keys, use `gridbot keys rotate` (see README)"
)
