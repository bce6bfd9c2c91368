"""Events (a report and its follow-up), their extra reporters and their log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bot.kinds import Kind
from models.states import CloseReason, EventState
from models.types import EnumText, TZDateTime, utcnow


class Event(SQLModel, table=True):
    __tablename__ = "event"
    # The console reads a scope's events of a period: its houses, then a time range.
    __table_args__ = (
        Index("ix_event_landlord_grid_id_created_at", "landlord_grid_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, max_length=16)  # "2026-0042", what people type back
    kind: Kind = Field(sa_type=EnumText(Kind))
    urgent: bool = False
    # A clue report (线索举报): the reporter is known to the bot (to tell them progress) and
    # to nobody else; only community staff may reveal them, with a purpose (ReporterReveal).
    anonymous: bool = False
    community: str | None = Field(default=None, max_length=64)
    building: str | None = Field(default=None, max_length=32)
    unit: str | None = Field(default=None, max_length=16)
    floor: str | None = Field(default=None, max_length=16)
    room: str | None = Field(default=None, max_length=32)
    landlord_grid_id: int | None = Field(default=None, foreign_key="landlord_grid.id", index=True)
    text: str
    reporter_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    source_chat_id: str | None = Field(default=None, max_length=128)
    source_message_id: str | None = Field(default=None, max_length=128)
    assignee_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    state: EventState = Field(default=EventState.NEW, sa_type=EnumText(EventState), index=True)
    close_reason: CloseReason | None = Field(default=None, sa_type=EnumText(CloseReason))
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    acknowledge_due: datetime | None = Field(default=None, sa_type=TZDateTime)
    resolve_due: datetime | None = Field(default=None, sa_type=TZDateTime)
    # The follow-up worker's queue: the earliest moment something must happen to this event.
    next_action_at: datetime | None = Field(default=None, sa_type=TZDateTime, index=True)
    reminders_sent: int = 0
    escalation_level: int = 0  # 0 leader, 1 micro-grid worker, 2 grid worker, 3 community


class EventReporter(SQLModel, table=True):
    """Another resident who reported the same thing (a merged duplicate)."""

    __tablename__ = "event_reporter"

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    source_chat_id: str | None = Field(default=None, max_length=128)
    source_message_id: str | None = Field(default=None, max_length=128)
    text: str | None = None
    added_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)


class EventLog(SQLModel, table=True):
    __tablename__ = "event_log"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="person.id")  # None: the bot itself
    at: datetime = Field(sa_type=TZDateTime)
    from_state: EventState | None = Field(default=None, sa_type=EnumText(EventState))
    to_state: EventState = Field(sa_type=EnumText(EventState))
    action: str = Field(max_length=32)
    note: str | None = None


class EventCounter(SQLModel, table=True):
    """The last event number given out per year; its row lock serialises numbering."""

    __tablename__ = "event_counter"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0
