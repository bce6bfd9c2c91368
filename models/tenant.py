"""The tenant register: who lives where, with personal numbers encrypted at rest."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import LargeBinary
from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class Tenant(SQLModel, table=True):
    __tablename__ = "tenant"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    name: str = Field(max_length=128)
    document_type: str | None = Field(default=None, max_length=16)  # id_card, passport, ...
    # Ciphertext and a keyed hash (HMAC) for look-up; the clear number is never stored.
    document_number_encrypted: bytes | None = Field(default=None, sa_type=LargeBinary)
    document_hash: str | None = Field(default=None, index=True, max_length=128)
    phone_encrypted: bytes | None = Field(default=None, sa_type=LargeBinary)
    phone_hash: str | None = Field(default=None, index=True, max_length=128)
    nationality: str | None = Field(default=None, max_length=64)
    visa_expiry: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    # When the document number and phone were deleted (retention after sign-out).
    purged_at: datetime | None = Field(default=None, sa_type=TZDateTime)


class Residence(SQLModel, table=True):
    """A stay: moving in is the sign-in, moving out the sign-out."""

    __tablename__ = "residence"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True, ondelete="CASCADE")
    landlord_grid_id: int = Field(foreign_key="landlord_grid.id", index=True)
    room: str | None = Field(default=None, max_length=32)
    moved_in: datetime = Field(sa_type=TZDateTime)
    moved_out: datetime | None = Field(default=None, sa_type=TZDateTime)
