"""What the bot remembers about a sender so that every process, and the next start, answers
alike: wrong invite codes (the throttle) and privacy advice already given in a group.

Kept in memory per process before, two processes each answered a guesser's first codes and
each advised the same sender, and a restart forgot both. One row per sender (per group for
the advice), written in the message's own transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime


class InviteThrottle(SQLModel, table=True):
    """A sender's wrong invite codes in the window that began at `since`, and the pause
    they earned (codes from them are not read until `paused_until`)."""

    __tablename__ = "invite_throttle"

    contact_id: str = Field(primary_key=True, max_length=128)
    failures: int = Field(default=0)
    since: datetime = Field(sa_type=TZDateTime)
    paused_until: datetime | None = Field(default=None, sa_type=TZDateTime)


class PrivacyNotice(SQLModel, table=True):
    """When a sender was last advised, in a group, not to post identity numbers there."""

    __tablename__ = "privacy_notice"

    chat_id: str = Field(primary_key=True, max_length=128)
    contact_id: str = Field(primary_key=True, max_length=128)
    told_at: datetime = Field(sa_type=TZDateTime)
