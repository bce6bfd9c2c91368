"""One-time codes that link a directory person to their chat account; only hashes are kept."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class InviteCode(SQLModel, table=True):
    __tablename__ = "invite_code"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    expires_at: datetime = Field(sa_type=TZDateTime)
    used_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    used_by: str | None = Field(default=None, max_length=128)  # the contact id it linked
