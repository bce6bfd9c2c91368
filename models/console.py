"""The staff console's sign-in: one-time login links and server-side sessions.

Only hashes of the link tokens and of the session ids are stored: a copy of the database
lets nobody sign in.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class LoginLink(SQLModel, table=True):
    __tablename__ = "login_link"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    expires_at: datetime = Field(sa_type=TZDateTime)
    used_at: datetime | None = Field(default=None, sa_type=TZDateTime)


class ConsoleSession(SQLModel, table=True):
    __tablename__ = "console_session"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    id_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(sa_type=TZDateTime)
    last_seen_at: datetime = Field(sa_type=TZDateTime)
    expires_at: datetime = Field(sa_type=TZDateTime)  # the absolute end, whatever the use
    ended_at: datetime | None = Field(default=None, sa_type=TZDateTime)  # signed out
    client: str | None = Field(default=None, max_length=64)  # the address it was opened from
