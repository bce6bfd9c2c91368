"""Notices (通知通报): a message from staff to the landlord groups in their scope, its
deliveries (one per bound group, paced per bot account), and its receipts (one per house).

A notice is written, previewed (a draft with its number), then confirmed or cancelled. A
confirmed notice is planned at once: one `NoticeDelivery` per group and one `NoticeHouse`
per house it reaches. The notice sender (bot/notices/sender.py) moves deliveries into the
outbox one at a time, at the account's pace (`SendPace`), so a restart neither repeats nor
skips a group: a delivery is queued and marked in one transaction, with a dedupe key.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import EnumText, TZDateTime, utcnow

DEFAULT_ACCOUNT = "main"  # the one bot account of a single-transport config


class NoticeStatus(StrEnum):
    DRAFT = "draft"  # previewed, waiting for "确认"/"取消"
    CONFIRMED = "confirmed"  # planned; goes out from `send_at`
    CANCELLED = "cancelled"  # a draft dropped or a scheduled notice called off


class NoticeKind(StrEnum):
    NOTICE = "notice"  # written by staff
    VISA = "visa_warning"  # the register's visa-expiry warning to one house


class Notice(SQLModel, table=True):
    __tablename__ = "notice"

    id: int | None = Field(default=None, primary_key=True)  # the notice's number
    kind: NoticeKind = Field(default=NoticeKind.NOTICE, sa_type=EnumText(NoticeKind))
    status: NoticeStatus = Field(default=NoticeStatus.DRAFT, sa_type=EnumText(NoticeStatus))
    sender_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    scope: str = Field(default="houses", max_length=16)  # community, grid, micro_grid, houses
    scope_name: str = Field(default="", max_length=256)  # as the directory names it
    text: str = ""
    urgent: bool = False  # 预警: goes out in quiet hours too
    lang: str = Field(default="zh", max_length=8)  # the words around the text
    template: str = Field(default="notice", max_length=64)
    context: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    groups: int = 0  # groups and houses it reaches (at planning)
    houses: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZDateTime)
    send_at: datetime | None = Field(default=None, sa_type=TZDateTime, index=True)
    confirmed_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    # In force (shown on the household pages) from `send_at` until then.
    until: datetime | None = Field(default=None, sa_type=TZDateTime)
    # Lets a producer that may run twice (the daily visa job) make a notice only once.
    key: str | None = Field(default=None, unique=True, max_length=191)


class DeliveryStatus(StrEnum):
    PLANNED = "planned"  # waits for its time and the account's pace
    QUEUED = "queued"  # in the outbox (`outbox_id`)
    CANCELLED = "cancelled"


class NoticeDelivery(SQLModel, table=True):
    """One message of a notice to one chat (a bound group; a landlord's direct chat)."""

    __tablename__ = "notice_delivery"
    __table_args__ = (
        # A chat gets each message of a notice once (a landlord's DM: the notice, a reminder).
        UniqueConstraint("notice_id", "chat_id", "template"),
        # The sender's pick: the account's planned deliveries, urgent first, by due time.
        Index("ix_notice_delivery_pick", "account", "status", "urgent", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True, ondelete="CASCADE")
    account: str = Field(default=DEFAULT_ACCOUNT, max_length=64)
    chat_kind: str = Field(max_length=16)  # bot.chat.ChatKind value
    chat_id: str = Field(max_length=128)
    mention_ids: list[str] | None = Field(default=None, sa_type=JSON)
    template: str = Field(max_length=64)
    context: dict[str, Any] | None = Field(default=None, sa_type=JSON)  # over the notice's
    houses: list[int] = Field(default_factory=list, sa_type=JSON)  # whose receipt it asks
    lang: str = Field(default="zh", max_length=8)
    urgent: bool = False
    status: DeliveryStatus = Field(default=DeliveryStatus.PLANNED, sa_type=EnumText(DeliveryStatus))
    due_at: datetime = Field(sa_type=TZDateTime)
    queued_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    outbox_id: int | None = None


class NoticeHouse(SQLModel, table=True):
    """A house a notice reaches, and its landlord's receipt (回执)."""

    __tablename__ = "notice_house"

    notice_id: int = Field(foreign_key="notice.id", primary_key=True, ondelete="CASCADE")
    landlord_grid_id: int = Field(
        foreign_key="landlord_grid.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    leader_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    delivered_at: datetime | None = Field(default=None, sa_type=TZDateTime)  # first group queued
    remind_at: datetime | None = Field(default=None, sa_type=TZDateTime, index=True)
    reminded_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    receipt_at: datetime | None = Field(default=None, sa_type=TZDateTime)
    receipt_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    receipt_via: str | None = Field(default=None, max_length=16)  # "group" or "direct"


class SendPace(SQLModel, table=True):
    """When a bot account may send its next paced message ([sending] max_per_minute)."""

    __tablename__ = "send_pace"

    account: str = Field(primary_key=True, max_length=64)
    next_at: datetime = Field(sa_type=TZDateTime)
    # The last paced outbox row: the next waits until it has left (a backlog in the outbox,
    # a transport that was away, must not turn into a burst).
    last_outbox_id: int | None = None
