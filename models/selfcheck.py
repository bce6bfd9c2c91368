"""The monthly safety self-check (出租房安全自查): one row per house and month."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import TZDateTime


class SelfCheck(SQLModel, table=True):
    __tablename__ = "self_check"
    # One checklist per house and month, however often the daily job runs.
    __table_args__ = (UniqueConstraint("landlord_grid_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    landlord_grid_id: int = Field(foreign_key="landlord_grid.id", index=True, ondelete="CASCADE")
    period: str = Field(max_length=7, index=True)  # "2026-12", local time
    leader_id: int = Field(foreign_key="person.id")  # who was asked
    questions: int  # how many were asked (the config may change during the month)
    # Question number (from 1, as text: a JSON object's keys) -> true (safe) / false (hazard).
    answers: dict[str, bool] = Field(default_factory=dict, sa_type=JSON)
    # The fire_hazard events the "否" answers opened, by question number.
    events: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    sent_at: datetime = Field(sa_type=TZDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=TZDateTime)
