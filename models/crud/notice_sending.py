"""The notice sender's queries: an account's pace, its next delivery, queueing it, reminders.

One account's turn is one transaction that first locks the account's pace row, so two
processes never both send for one account, and the pace survives a restart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud._dialect import dialect_name
from models.grid import LandlordGrid
from models.messaging import Outbox, OutboxStatus
from models.notice import (
    DeliveryStatus,
    Notice,
    NoticeDelivery,
    NoticeHouse,
    NoticeStatus,
    SendPace,
)
from models.person import Person

_PACE: Table = SendPace.__table__  # type: ignore[attr-defined]
_DELIVERY: Table = NoticeDelivery.__table__  # type: ignore[attr-defined]
_HOUSE: Table = NoticeHouse.__table__  # type: ignore[attr-defined]
_OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]
_NOTICE: Table = Notice.__table__  # type: ignore[attr-defined]
_PERSON: Table = Person.__table__  # type: ignore[attr-defined]
_GRID: Table = LandlordGrid.__table__  # type: ignore[attr-defined]


@cache
def _insert_pace(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_PACE).on_conflict_do_nothing(index_elements=["account"])


@dataclass(frozen=True, slots=True)
class Turn:
    """Whether an account may send now: `free`, else when to look again."""

    free: bool
    next_at: datetime


async def take_turn(session: AsyncSession, *, account: str, now: datetime) -> Turn:
    """Lock the account's pace row (made on first use) and say whether it may send now:
    its next slot has come and its last paced message has left the outbox."""
    connection = await session.connection()
    await connection.execute(
        _insert_pace(dialect_name(session)), {"account": account, "next_at": now}
    )
    pace = (
        await connection.execute(
            sa_select(_PACE.c.next_at, _PACE.c.last_outbox_id)
            .where(_PACE.c.account == account)
            .with_for_update()
        )
    ).one()
    if pace.next_at > now:
        return Turn(False, pace.next_at)
    if pace.last_outbox_id is not None:
        status = (
            await connection.execute(
                sa_select(_OUTBOX.c.status).where(_OUTBOX.c.id == pace.last_outbox_id)
            )
        ).scalar_one_or_none()
        if status == OutboxStatus.PENDING.value:
            return Turn(False, now)  # the caller looks again shortly
    return Turn(True, now)


async def set_pace(
    session: AsyncSession, *, account: str, next_at: datetime, outbox_id: int | None
) -> None:
    connection = await session.connection()
    await connection.execute(
        _PACE.update()
        .where(_PACE.c.account == account)
        .values(next_at=next_at, last_outbox_id=outbox_id)
    )


def _planned(account: str, *, urgent_only: bool) -> Any:
    conditions: list[ColumnElement[bool]] = [
        col(NoticeDelivery.account) == account,
        col(NoticeDelivery.status) == DeliveryStatus.PLANNED,
        col(Notice.status) == NoticeStatus.CONFIRMED,
    ]
    if urgent_only:
        conditions.append(col(NoticeDelivery.urgent).is_(True))
    return and_(*conditions)


async def next_delivery(
    session: AsyncSession, *, account: str, now: datetime, urgent_only: bool
) -> tuple[NoticeDelivery, Notice] | None:
    """The account's next due delivery: urgent first, then the oldest due."""
    statement = (
        select(NoticeDelivery, Notice)
        .join(Notice, col(Notice.id) == NoticeDelivery.notice_id)
        .where(_planned(account, urgent_only=urgent_only), col(NoticeDelivery.due_at) <= now)
        .order_by(
            col(NoticeDelivery.urgent).desc(), col(NoticeDelivery.due_at), col(NoticeDelivery.id)
        )
        .limit(1)
    )
    found = (await session.exec(statement)).first()
    return None if found is None else (found[0], found[1])


async def next_due(session: AsyncSession, *, account: str, urgent_only: bool) -> datetime | None:
    """When the account's earliest planned delivery is due (None: nothing planned)."""
    statement = (
        select(func.min(NoticeDelivery.due_at))
        .join(Notice, col(Notice.id) == NoticeDelivery.notice_id)
        .where(_planned(account, urgent_only=urgent_only))
    )
    due: datetime | None = (await session.exec(statement)).one()
    return due


async def planned_accounts(session: AsyncSession) -> list[str]:
    """The accounts with deliveries still planned."""
    statement = (
        select(NoticeDelivery.account)
        .where(NoticeDelivery.status == DeliveryStatus.PLANNED)
        .distinct()
    )
    return sorted((await session.exec(statement)).all())


async def outbox_id_of(session: AsyncSession, *, dedupe_key: str) -> int | None:
    statement = select(Outbox.id).where(Outbox.dedupe_key == dedupe_key)
    return (await session.exec(statement)).first()


async def mark_queued(
    session: AsyncSession,
    *,
    delivery: NoticeDelivery,
    outbox_id: int | None,
    now: datetime,
    remind_at: datetime | None,
) -> None:
    """The delivery is in the outbox; its houses are reached (their reminder due at
    `remind_at` unless they answer; None: no reminder)."""
    connection = await session.connection()
    await connection.execute(
        _DELIVERY.update()
        .where(_DELIVERY.c.id == delivery.id)
        .values(status=DeliveryStatus.QUEUED.value, queued_at=now, outbox_id=outbox_id)
    )
    if delivery.houses:
        await connection.execute(
            _HOUSE.update()
            .where(
                _HOUSE.c.notice_id == delivery.notice_id,
                _HOUSE.c.landlord_grid_id.in_(list(delivery.houses)),
                _HOUSE.c.delivered_at.is_(None),
            )
            .values(delivered_at=now, remind_at=remind_at)
        )


async def cancel_delivery(session: AsyncSession, *, delivery_id: int) -> None:
    connection = await session.connection()
    await connection.execute(
        _DELIVERY.update()
        .where(_DELIVERY.c.id == delivery_id)
        .values(status=DeliveryStatus.CANCELLED.value)
    )


async def houses_answered(session: AsyncSession, *, notice_id: int, houses: Sequence[int]) -> bool:
    """Every one of `houses` has answered the notice (a reminder is no longer needed)."""
    statement = select(func.count()).where(
        NoticeHouse.notice_id == notice_id,
        col(NoticeHouse.landlord_grid_id).in_(list(houses)),
        col(NoticeHouse.receipt_at).is_(None),
    )
    return (await session.exec(statement)).one() == 0


@dataclass(frozen=True, slots=True)
class DueReminder:
    notice_id: int
    leader_contact: str
    houses: list[int]
    house_names: list[str]
    urgent: bool


async def due_reminders(session: AsyncSession, *, now: datetime, limit: int) -> list[DueReminder]:
    """Landlords who have not answered a notice by its reminder time, one per notice and
    landlord (a landlord with two houses in it gets one reminder); each is marked reminded,
    so a reminder is planned once."""
    notices, people, grids = _NOTICE, _PERSON, _GRID
    statement = (
        sa_select(
            _HOUSE.c.notice_id,
            people.c.contact_id,
            _HOUSE.c.landlord_grid_id,
            grids.c.name,
            notices.c.urgent,
        )
        .join_from(_HOUSE, notices, notices.c.id == _HOUSE.c.notice_id)
        .join(people, people.c.id == _HOUSE.c.leader_id)
        .join(grids, grids.c.id == _HOUSE.c.landlord_grid_id)
        .where(
            notices.c.status == NoticeStatus.CONFIRMED.value,
            _HOUSE.c.receipt_at.is_(None),
            _HOUSE.c.reminded_at.is_(None),
            _HOUSE.c.remind_at <= now,
        )
        .order_by(_HOUSE.c.notice_id, _HOUSE.c.landlord_grid_id)
        .limit(limit)
    )
    connection = await session.connection()
    rows = (await connection.execute(statement)).all()
    found: dict[tuple[int, str], DueReminder] = {}
    marked: list[tuple[int, int]] = []
    for notice_id, contact, house, name, urgent in rows:
        marked.append((notice_id, house))
        if not contact:
            continue  # a landlord without WeChat: nobody to remind
        item = found.setdefault(
            (notice_id, contact), DueReminder(notice_id, contact, [], [], urgent)
        )
        item.houses.append(house)
        item.house_names.append(name)
    for notice_id, house in marked:
        await connection.execute(
            _HOUSE.update()
            .where(_HOUSE.c.notice_id == notice_id, _HOUSE.c.landlord_grid_id == house)
            .values(reminded_at=now)
        )
    return list(found.values())


async def next_reminder_at(session: AsyncSession) -> datetime | None:
    statement = (
        select(func.min(NoticeHouse.remind_at))
        .join(Notice, col(Notice.id) == NoticeHouse.notice_id)
        .where(
            Notice.status == NoticeStatus.CONFIRMED,
            col(NoticeHouse.receipt_at).is_(None),
            col(NoticeHouse.reminded_at).is_(None),
        )
    )
    due: datetime | None = (await session.exec(statement)).one()
    return due
