"""Running bot processes and what they own: heartbeats, account leases (bot/liveness.py).

Every `gridbot run` process has a row here that it stamps every second. A process whose
stamp is older than a few seconds is dead to the others: the outbox rows it had claimed
are due again at once, and the accounts it owned go to a process that is alive.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import TZDateTime, utcnow


class BotProcess(SQLModel, table=True):
    __tablename__ = "bot_process"

    id: int | None = Field(default=None, primary_key=True)
    host: str = Field(max_length=128)
    pid: int
    started_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    heartbeat_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime, index=True)


class AccountLease(SQLModel, table=True):
    """Which process serves a chat account (its transport and its outbox): at most one."""

    __tablename__ = "account_lease"

    account: str = Field(primary_key=True, max_length=64)
    owner: int | None = None  # a BotProcess id; None: given up, free to take
    acquired_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
