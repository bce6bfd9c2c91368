"""Which secret key the personal data was stored with, so another key is noticed at start.

One row: a fingerprint of the key (an HMAC of a fixed text under a sub-key of its own, see
bot/privacy/crypto.py), never the key or anything it encrypts. Written at first use, by
`gridbot db upgrade` or the first start, and replaced by `gridbot keys rotate`.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow

KEY_CHECK_ID = 1  # the only row


class DataKeyCheck(SQLModel, table=True):
    __tablename__ = "data_key_check"

    id: int = Field(default=KEY_CHECK_ID, primary_key=True)
    fingerprint: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    rotated_at: datetime | None = Field(default=None, sa_type=TZDateTime)
