"""Notices: drafts, planning (groups and houses), what is in force, figures, listing.

The sending side (pace, the next delivery, reminders) is in models/crud/notice_sending.py;
receipts in models/crud/notice_receipts.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.binding import GroupBinding
from models.grid import Community, Grid, LandlordGrid, MicroGrid
from models.messaging import Outbox, OutboxStatus
from models.notice import (
    DEFAULT_ACCOUNT,
    DeliveryStatus,
    Notice,
    NoticeDelivery,
    NoticeHouse,
    NoticeKind,
    NoticeStatus,
)
from models.person import Person

_DELIVERY: Table = NoticeDelivery.__table__  # type: ignore[attr-defined]
_HOUSE: Table = NoticeHouse.__table__  # type: ignore[attr-defined]
_GRID: Table = LandlordGrid.__table__  # type: ignore[attr-defined]
_PERSON: Table = Person.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Reach:
    """Whom a notice to some houses reaches: each bound group with the houses it covers,
    and the houses that have no group (told to the sender, not reached)."""

    groups: dict[str, list[int]]  # chat id → houses, in the order found
    leaders: dict[int, int]  # house → its landlord (person id)
    without_group: list[int] = field(default_factory=list)

    @property
    def houses(self) -> list[int]:
        return sorted({house for houses in self.groups.values() for house in houses})


@dataclass(frozen=True, slots=True)
class Places:
    """Places a notice names, by level: its houses are the landlord grids in any of them."""

    community_ids: tuple[int, ...] = ()
    grid_ids: tuple[int, ...] = ()
    micro_grid_ids: tuple[int, ...] = ()
    house_ids: tuple[int, ...] = ()

    def slots(self) -> dict[str, list[int]]:
        """As a dialog keeps them (JSON)."""
        return {
            "community_ids": list(self.community_ids),
            "grid_ids": list(self.grid_ids),
            "micro_grid_ids": list(self.micro_grid_ids),
            "house_ids": list(self.house_ids),
        }

    @classmethod
    def from_slots(cls, slots: dict[str, list[int]]) -> Places:
        return cls(*(tuple(int(i) for i in slots.get(key, ())) for key in cls().slots()))


def _in_places(places: Places) -> ColumnElement[bool]:
    """The landlord grids in any of `places`: a condition, so that a community's thousands
    of houses are never sent to the database as a list."""
    micros_of_grids = select(MicroGrid.id).where(col(MicroGrid.grid_id).in_(places.grid_ids))
    return or_(
        col(LandlordGrid.community_id).in_(places.community_ids),
        col(LandlordGrid.micro_grid_id).in_(places.micro_grid_ids),
        col(LandlordGrid.micro_grid_id).in_(micros_of_grids),
        col(LandlordGrid.id).in_(places.house_ids),
    )


async def houses_under(session: AsyncSession, *, places: Places) -> list[int]:
    """The landlord grids in any of the given places, by id."""
    statement = select(LandlordGrid.id).where(_in_places(places)).order_by(col(LandlordGrid.id))
    return [house for house in (await session.exec(statement)).all() if house is not None]


async def reach_of(session: AsyncSession, *, places: Places) -> Reach:
    """The groups bound to the houses of `places` (bindings, or the directory's group chat)."""
    groups: dict[str, list[int]] = defaultdict(list)
    leaders: dict[int, int] = {}
    bound = (
        select(GroupBinding.chat_id, GroupBinding.landlord_grid_id)
        .join(LandlordGrid, col(LandlordGrid.id) == GroupBinding.landlord_grid_id)
        .where(_in_places(places), col(GroupBinding.unbound_at).is_(None))
        .order_by(col(GroupBinding.id))
    )
    for chat_id, house in (await session.exec(bound)).all():
        groups[chat_id].append(house)
    own = (
        select(LandlordGrid.id, LandlordGrid.group_chat, LandlordGrid.leader_id)
        .where(_in_places(places))
        .order_by(col(LandlordGrid.id))
    )
    houses = []
    for grid_id, own_chat, leader in (await session.exec(own)).all():
        assert grid_id is not None
        houses.append(grid_id)
        leaders[grid_id] = leader
        if own_chat and grid_id not in groups.get(own_chat, ()):
            groups[own_chat].append(grid_id)
    reached = {house for covered in groups.values() for house in covered}
    return Reach(dict(groups), leaders, [h for h in houses if h not in reached])


async def create_notice(session: AsyncSession, *, notice: Notice) -> Notice:
    """Store a draft (or a notice built by the bot itself); its id is its number."""
    session.add(notice)
    await session.flush()
    return notice


async def notice_by_number(session: AsyncSession, *, number: int) -> Notice | None:
    return await session.get(Notice, number)


async def notice_keyed(session: AsyncSession, *, key: str) -> bool:
    """Whether a notice was made with this key (a job that runs twice makes it once)."""
    statement = select(Notice.id).where(Notice.key == key)
    return (await session.exec(statement)).first() is not None


@dataclass(frozen=True, slots=True)
class PlannedDelivery:
    chat_kind: str
    chat_id: str
    template: str
    lang: str
    mention_ids: Sequence[str] = ()
    context: dict[str, Any] = field(default_factory=dict)
    houses: Sequence[int] = ()
    account: str = DEFAULT_ACCOUNT


async def plan_notice(
    session: AsyncSession,
    *,
    notice: Notice,
    deliveries: Sequence[PlannedDelivery],
    leaders: dict[int, int | None],
    send_at: datetime,
    until: datetime | None,
    now: datetime,
) -> None:
    """Confirm `notice`: its deliveries (due at `send_at`) and its houses (`leaders`: house
    → landlord), in two multi-row statements however many groups it reaches."""
    assert notice.id is not None
    notice.status = NoticeStatus.CONFIRMED
    notice.confirmed_at = now
    notice.send_at = send_at
    notice.until = until
    notice.groups = len(deliveries)
    notice.houses = len(leaders)
    session.add(notice)
    await session.flush()
    houses = [
        {"notice_id": notice.id, "landlord_grid_id": house, "leader_id": leader}
        for house, leader in leaders.items()
    ]
    await add_deliveries(
        session, notice_id=notice.id, urgent=notice.urgent, deliveries=deliveries, due_at=send_at
    )
    if houses:
        connection = await session.connection()
        await connection.execute(_HOUSE.insert(), houses)


async def add_deliveries(
    session: AsyncSession,
    *,
    notice_id: int,
    urgent: bool,
    deliveries: Sequence[PlannedDelivery],
    due_at: datetime,
) -> None:
    """Plan messages of a notice (its groups; later a landlord's reminder), in one
    multi-row statement however many."""
    # Every row with the same keys (one multi-row statement); the extras only where some
    # delivery has them (a notice to 7,000 groups has none: no JSON to write per row).
    extras = [
        key for key in ("mention_ids", "context") if any(getattr(item, key) for item in deliveries)
    ]
    rows = [
        {
            "notice_id": notice_id,
            "account": item.account,
            "chat_kind": item.chat_kind,
            "chat_id": item.chat_id,
            "template": item.template,
            "houses": list(item.houses),
            "lang": item.lang,
            "urgent": urgent,
            "status": DeliveryStatus.PLANNED.value,
            "due_at": due_at,
            **{key: getattr(item, key) or None for key in extras},
        }
        for item in deliveries
    ]
    if rows:
        connection = await session.connection()
        await connection.execute(_DELIVERY.insert(), rows)


async def cancel_notice(session: AsyncSession, *, notice: Notice, now: datetime) -> int:
    """Call off a draft or what of a confirmed notice has not been queued; how many
    deliveries were still planned."""
    notice.status = NoticeStatus.CANCELLED
    notice.cancelled_at = now
    session.add(notice)
    connection = await session.connection()
    result = await connection.execute(
        _DELIVERY.update()
        .where(
            _DELIVERY.c.notice_id == notice.id, _DELIVERY.c.status == DeliveryStatus.PLANNED.value
        )
        .values(status=DeliveryStatus.CANCELLED.value)
    )
    return int(result.rowcount)


async def notices_in_force(
    session: AsyncSession, *, house_id: int, now: datetime, limit: int = 5
) -> list[Notice]:
    """Staff notices (not the register's warnings) that reached this house and are in
    force at `now`, newest first: what its household page shows."""
    statement = (
        select(Notice)
        .join(NoticeHouse, col(NoticeHouse.notice_id) == Notice.id)
        .where(
            NoticeHouse.landlord_grid_id == house_id,
            Notice.kind == NoticeKind.NOTICE,
            Notice.status == NoticeStatus.CONFIRMED,
            col(Notice.send_at) <= now,
            or_(col(Notice.until).is_(None), col(Notice.until) > now),
        )
        .order_by(col(Notice.send_at).desc(), col(Notice.id).desc())
        .limit(limit)
    )
    return list((await session.exec(statement)).all())


@dataclass(frozen=True, slots=True)
class NoticeFigures:
    groups: int  # deliveries planned (not cancelled)
    delivered: int  # of them, sent by the outbox
    houses: int
    receipts: int
    missing: list[str]  # houses without a receipt, by name


async def notice_figures(session: AsyncSession, *, notice_id: int) -> NoticeFigures:
    """Delivered X of Y groups, receipts A of B houses, the houses still missing."""
    deliveries = (
        select(
            func.count(),
            func.count(col(Outbox.id)).filter(col(Outbox.status) == OutboxStatus.SENT),
        )
        .select_from(NoticeDelivery)
        .outerjoin(Outbox, col(Outbox.id) == NoticeDelivery.outbox_id)
        .where(
            NoticeDelivery.notice_id == notice_id,
            NoticeDelivery.status != DeliveryStatus.CANCELLED,
        )
    )
    groups, delivered = (await session.exec(deliveries)).one()
    houses = (
        select(LandlordGrid.name, NoticeHouse.receipt_at)
        .join(LandlordGrid, col(LandlordGrid.id) == NoticeHouse.landlord_grid_id)
        .where(NoticeHouse.notice_id == notice_id)
        .order_by(col(LandlordGrid.code))
    )
    rows = (await session.exec(houses)).all()
    missing = [name for name, receipt in rows if receipt is None]
    return NoticeFigures(groups, delivered, len(rows), len(rows) - len(missing), missing)


@dataclass(frozen=True, slots=True)
class HouseReceipt:
    house: str
    code: str
    leader: str | None
    delivered_at: datetime | None
    receipt_at: datetime | None
    receipt_via: str | None
    reminded_at: datetime | None


async def notice_houses(session: AsyncSession, *, notice_id: int) -> list[HouseReceipt]:
    """Each house of a notice with its receipt, for the console's detail page."""
    statement = (
        sa_select(
            _GRID.c.name,
            _GRID.c.code,
            _PERSON.c.name,
            _HOUSE.c.delivered_at,
            _HOUSE.c.receipt_at,
            _HOUSE.c.receipt_via,
            _HOUSE.c.reminded_at,
        )
        .join_from(_HOUSE, _GRID, _GRID.c.id == _HOUSE.c.landlord_grid_id)
        .outerjoin(_PERSON, _PERSON.c.id == _HOUSE.c.leader_id)
        .where(_HOUSE.c.notice_id == notice_id)
        .order_by(_GRID.c.code)
    )
    connection = await session.connection()
    return [HouseReceipt(*row) for row in (await connection.execute(statement)).all()]


async def notices_for_houses(
    session: AsyncSession,
    *,
    houses: Collection[int],
    sender_id: int | None = None,
    scheduled_after: datetime | None = None,
    limit: int = 50,
) -> list[Notice]:
    """Confirmed or cancelled staff notices that reached any of `houses` (a console scope)
    or were sent by `sender_id`, newest first; with `scheduled_after`, only confirmed ones
    still to go out after that moment."""
    reached = select(NoticeHouse.notice_id).where(
        col(NoticeHouse.landlord_grid_id).in_(list(houses))
    )
    whose: ColumnElement[bool] = col(Notice.id).in_(reached)
    if sender_id is not None:
        whose = or_(whose, col(Notice.sender_id) == sender_id)
    statement = select(Notice).where(
        whose, Notice.kind == NoticeKind.NOTICE, Notice.status != NoticeStatus.DRAFT
    )
    if scheduled_after is not None:
        statement = statement.where(
            Notice.status == NoticeStatus.CONFIRMED,
            and_(col(Notice.send_at).is_not(None), col(Notice.send_at) > scheduled_after),
        )
    statement = statement.order_by(col(Notice.id).desc()).limit(limit)
    return list((await session.exec(statement)).all())


async def notice_reaches(session: AsyncSession, *, notice_id: int, houses: Collection[int]) -> bool:
    """Whether the notice reached one of `houses` (a console scope may see it)."""
    statement = select(NoticeHouse.landlord_grid_id).where(
        NoticeHouse.notice_id == notice_id, col(NoticeHouse.landlord_grid_id).in_(list(houses))
    )
    return (await session.exec(statement.limit(1))).first() is not None


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the directory a notice may name: what it is, its id, its name."""

    level: str  # community, grid, micro_grid, house
    id: int
    name: str


async def places_named(session: AsyncSession, *, name: str) -> list[Place]:
    """Every community, grid, micro-grid or house whose name, code (or a community's
    alias) is `name` exactly."""
    found: list[Place] = []
    for level, model in (
        ("community", Community),
        ("grid", Grid),
        ("micro_grid", MicroGrid),
        ("house", LandlordGrid),
    ):
        table: Table = model.__table__  # type: ignore[union-attr]
        statement = select(table.c.id, table.c.name).where(
            or_(table.c.name == name, table.c.code == name)
        )
        found += [Place(level, row[0], row[1]) for row in (await session.exec(statement)).all()]
    if not found:
        for community in (await session.exec(select(Community))).all():
            if name in community.aliases and community.id is not None:
                found.append(Place("community", community.id, community.name))
    return found
