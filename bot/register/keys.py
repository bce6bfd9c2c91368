"""The keys for personal data: from the configured secret, or the demo key in the demo."""

from __future__ import annotations

from bot.cli import UsageError
from bot.config.settings import Settings
from bot.privacy import DataKeys

# Public on purpose: it only ever protects invented demo data (see [register] demo).
DEMO_SECRET = "gridbot-demo-key-not-secret-0000"
DEMO_TRANSPORTS = frozenset({"simulator", "memory"})


class MissingSecretKey(UsageError):
    """Personal data would be stored without a key of the operator's own."""


def data_keys(settings: Settings) -> DataKeys:
    """The keys to encrypt and look up personal numbers; refuses when there is no secret."""
    if settings.secret_key is not None:
        return DataKeys.from_secret(settings.secret_key.reveal())
    if settings.register.demo and settings.transport in DEMO_TRANSPORTS:
        return DataKeys.from_secret(DEMO_SECRET)
    raise MissingSecretKey(
        f"{settings.source}: secret_key is not set: personal data must be encrypted; "
        'export GRIDBOT_SECRET_KEY (python -c "import secrets; print(secrets.token_urlsafe(32))")'
        + ("" if settings.transport not in DEMO_TRANSPORTS else " or set [register] demo = true")
    )
