"""The audit log: who saw a full personal number, or an anonymous reporter, when and why
(one row per view, never the number or the name itself)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class ReporterReveal(SQLModel, table=True):
    """Who learnt the reporter of an anonymous clue (线索举报), when and why."""

    __tablename__ = "reporter_reveal"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    viewer_id: int = Field(foreign_key="person.id")  # community staff, signed in
    purpose: str = Field(max_length=256)
    revealed_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime, index=True)


class PersonalDataView(SQLModel, table=True):
    __tablename__ = "personal_data_view"

    id: int | None = Field(default=None, primary_key=True)
    # No foreign key: the trail outlives the tenant row and the purge of its numbers.
    tenant_id: int = Field(index=True)
    field: str = Field(max_length=16)  # "document" or "phone"
    viewer: str = Field(max_length=128)  # a contact id, "cli:USER" or "web:ADDRESS"
    purpose: str = Field(max_length=128)  # what the number was shown for
    viewed_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime, index=True)
