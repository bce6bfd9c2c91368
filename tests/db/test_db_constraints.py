"""Constraints the database itself enforces, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.inbound import get_inbound, inbound_row, mark_handled, record_inbound
from models.grid import LandlordGrid, LandlordGridBuilding
from models.messaging import InboundMessage
from models.person import Person
from tests.factories import T0, make_landlord_grid, make_person


async def inbound(session: AsyncSession, message_id: str, text: str = "10幢漏水") -> bool:
    row = inbound_row(
        platform="wechat",
        message_id=message_id,
        chat_id="room-1",
        sender_id="wxid_a",
        text=text,
        received_at=T0,
    )
    return await record_inbound(session, row=row)


async def test_an_inbound_message_is_recorded_once(session: AsyncSession) -> None:
    assert await inbound(session, "m1") is True
    assert await inbound(session, "m1", text="redelivered") is False
    assert await inbound(session, "m2") is True
    await session.commit()
    rows = (await session.exec(select(InboundMessage).order_by(InboundMessage.message_id))).all()
    assert [(r.message_id, r.text) for r in rows] == [("m1", "10幢漏水"), ("m2", "10幢漏水")]


async def test_the_same_message_id_on_another_platform_is_new(session: AsyncSession) -> None:
    assert await inbound(session, "m1") is True
    row = inbound_row(
        platform="simulator", message_id="m1", chat_id="c", sender_id="s", text="", received_at=T0
    )
    assert await record_inbound(session, row=row)


async def test_marking_handled_keeps_the_time(session: AsyncSession) -> None:
    await inbound(session, "m1")
    await mark_handled(session, platform="wechat", message_id="m1", at=T0 + timedelta(seconds=1))
    row = await get_inbound(session, platform="wechat", message_id="m1")
    assert row is not None and row.handled_at == T0 + timedelta(seconds=1)


async def test_a_group_chat_belongs_to_one_landlord_grid(session: AsyncSession) -> None:
    await make_landlord_grid(session, group_chat="room-shima-10")
    with pytest.raises(IntegrityError):
        await make_landlord_grid(session, group_chat="room-shima-10")


async def test_a_building_belongs_to_one_landlord_grid_per_community(
    session: AsyncSession,
) -> None:
    first = await make_landlord_grid(session, buildings=("10",))
    second = await make_landlord_grid(session, buildings=("11",))
    assert second.id is not None
    session.add(
        LandlordGridBuilding(
            landlord_grid_id=second.id, community_id=first.community_id, building="10"
        )
    )
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_directory_keys_and_contact_ids_are_unique(session: AsyncSession) -> None:
    await make_person(session, key="wang", contact_id="wxid_wang")
    await make_person(session, key=None, contact_id=None)
    await make_person(session, key=None, contact_id=None)  # many people without either
    with pytest.raises(IntegrityError):
        await make_person(session, key="wang")


async def test_a_contact_id_is_unique(session: AsyncSession) -> None:
    await make_person(session, contact_id="wxid_wang")
    with pytest.raises(IntegrityError):
        await make_person(session, contact_id="wxid_wang")


async def test_foreign_keys_are_enforced(session: AsyncSession) -> None:
    leader = await make_person(session)
    assert leader.id is not None
    session.add(
        LandlordGrid(code="x", micro_grid_id=9999, community_id=9999, name="x", leader_id=leader.id)
    )
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_datetimes_come_back_aware_in_utc(session: AsyncSession) -> None:
    shanghai = timezone(timedelta(hours=8))
    person = await make_person(session)
    person.created_at = datetime(2026, 11, 25, 10, 0, tzinfo=shanghai)
    session.add(person)
    person_id = person.id
    await session.commit()
    session.expire_all()
    stored = (await session.exec(select(Person).where(Person.id == person_id))).one()
    assert stored.created_at == datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    assert stored.created_at.utcoffset() == timedelta(0)


async def test_a_naive_datetime_is_refused(session: AsyncSession) -> None:
    person = await make_person(session)
    person.created_at = datetime(2026, 11, 25, 10, 0)
    session.add(person)
    with pytest.raises(Exception, match="naive datetime"):
        await session.flush()
