"""A person marked away until a moment, and who stands in for them meanwhile."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class PersonAway(SQLModel, table=True):
    """One row per away person ("请假 到12月3日 由 … 代理"); past rows simply no longer apply.

    The follow-up worker sends what is due to an away person to `deputy_id` instead, or
    passes it up the ladder when there is no deputy.
    """

    __tablename__ = "person_away"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    until: datetime = Field(sa_type=TZDateTime)
    deputy_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    note: str | None = None
    set_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
