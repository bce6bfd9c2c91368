"""What comes in (inbound log), what goes out (outbox) and open conversations (dialogs)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import EnumText, TZDateTime, utcnow


class InboundMessage(SQLModel, table=True):
    __tablename__ = "inbound_message"
    __table_args__ = (UniqueConstraint("platform", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    message_id: str = Field(max_length=128)
    chat_id: str = Field(max_length=128)
    sender_id: str = Field(max_length=128)
    text: str = ""
    # Indexed for the retention job, which deletes the oldest rows (bot/retention.py).
    received_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime, index=True)
    handled_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    # Set by the dispatcher: "handled" or "failed" (+ error); None: no handler took it
    # (chatter, left as recorded: the one write chatter costs is the insert).
    outcome: str | None = Field(default=None, max_length=16)
    error: str | None = None


# What an outbox row holding a secret says once it is sent or given up on.
ERASED = "(erased after sending: it held a login link)"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt


class Outbox(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        # "Is an older row of this chat still pending?" is asked of every candidate in a
        # claim (bot/outbox_claim.py): without it a backlog of n rows costs n² row reads.
        Index("ix_outbox_chat_id_status_id", "chat_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_type=EnumText(OutboxStatus))
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    chat_kind: str = Field(max_length=16)  # bot.chat.ChatKind value
    chat_id: str = Field(max_length=128)
    mention_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    text: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    last_error: str | None = None
    # Lets a producer that may run twice (a restarted worker) enqueue a message only once.
    dedupe_key: str | None = Field(default=None, unique=True, max_length=191)
    # The text is a bearer credential (a console login link): `text` becomes ERASED as soon
    # as the row is sent or given up on, so the table never keeps a usable link.
    secret: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # Held until quiet hours end (`next_attempt_at`): a proactive message that can wait for
    # the morning. It never holds back the rows queued after it in its chat (a reply to the
    # person at night goes out at once), see bot/outbox_claim.py.
    hold: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # The chat account it goes out on (config `[[accounts]]`; bot/accounts.py derives it
    # from the chat id): a reply leaves through the account its message came in on.
    account: str = Field(default="main", max_length=32, sa_column_kwargs={"server_default": "main"})
    # The process (models/processes.BotProcess) that claimed the row and may be sending it:
    # when that process stops beating, the row is due again at once, not when `lease` ends.
    claimed_by: int | None = None


class Dialog(SQLModel, table=True):
    """A question the bot asked one person in one chat, waiting for their answer."""

    __tablename__ = "dialog"
    __table_args__ = (UniqueConstraint("chat_id", "sender_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: str = Field(max_length=128)
    sender_id: str = Field(max_length=128)
    name: str = Field(max_length=64)
    slots: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    expires_at: datetime = Field(sa_type=TZDateTime, index=True)
