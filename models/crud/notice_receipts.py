"""Receipts (回执): a landlord's "收到" for the houses they lead that a notice reached."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Table
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.notice import Notice, NoticeHouse, NoticeStatus

_HOUSE: Table = NoticeHouse.__table__  # type: ignore[attr-defined]


async def awaiting_receipt(
    session: AsyncSession,
    *,
    leader_id: int,
    since: datetime,
    houses: Collection[int] | None = None,
    notice_id: int | None = None,
) -> dict[int, list[int]]:
    """Notice → the houses led by `leader_id` (among `houses` if given) that it reached
    since `since` and that have not answered, newest notice first."""
    statement = (
        select(NoticeHouse.notice_id, NoticeHouse.landlord_grid_id)
        .join(Notice, col(Notice.id) == NoticeHouse.notice_id)
        .where(
            NoticeHouse.leader_id == leader_id,
            Notice.status == NoticeStatus.CONFIRMED,
            col(NoticeHouse.receipt_at).is_(None),
            col(NoticeHouse.delivered_at) >= since,
        )
        .order_by(col(NoticeHouse.notice_id).desc(), col(NoticeHouse.landlord_grid_id))
    )
    if houses is not None:
        statement = statement.where(col(NoticeHouse.landlord_grid_id).in_(list(houses)))
    if notice_id is not None:
        statement = statement.where(NoticeHouse.notice_id == notice_id)
    found: dict[int, list[int]] = {}
    for notice, house in (await session.exec(statement)).all():
        found.setdefault(notice, []).append(house)
    return found


async def record_receipts(
    session: AsyncSession,
    *,
    notice_id: int,
    houses: Collection[int],
    by_id: int,
    via: str,
    now: datetime,
) -> int:
    """Store the receipt of `houses` for the notice (those not answered yet); how many."""
    connection = await session.connection()
    result = await connection.execute(
        _HOUSE.update()
        .where(
            _HOUSE.c.notice_id == notice_id,
            _HOUSE.c.landlord_grid_id.in_(list(houses)),
            _HOUSE.c.receipt_at.is_(None),
        )
        .values(receipt_at=now, receipt_by_id=by_id, receipt_via=via)
    )
    return int(result.rowcount)
