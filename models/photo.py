"""Photos kept with an event: the reporter's (what is wrong) and the leader's (the fix)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import EnumText, TZDateTime, utcnow


class PhotoRole(StrEnum):
    REPORT = "report"  # sent by a reporter with (right after, or quoting) their report
    FIX = "fix"  # sent by the worker who resolved it, right after "已解决 N"


class EventPhoto(SQLModel, table=True):
    """One picture of an event; the file is `[media] path`/`file` (bot/media.py)."""

    __tablename__ = "event_photo"
    # The same picture sent twice is one file and one row.
    __table_args__ = (UniqueConstraint("event_id", "file"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    role: PhotoRole = Field(sa_type=EnumText(PhotoRole))
    file: str = Field(max_length=80)  # "<sha256 of the stored bytes>.jpg"
    size: int  # bytes stored
    width: int
    height: int
    sender_id: int | None = Field(default=None, foreign_key="person.id")
    source_message_id: str | None = Field(default=None, max_length=128)
    added_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
