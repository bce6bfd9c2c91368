"""Grid look-ups, the escalation ladder, people, dialogs and the outbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.dialogs import close_dialog, current_dialog, open_dialog, purge_expired_dialogs
from models.crud.grid import (
    buildings_of,
    landlord_grid_by_building,
    landlord_grid_by_code,
    landlord_grid_by_group_chat,
)
from models.crud.ladder import ladder_of
from models.crud.outbox import claim_due, enqueue, mark_failed, mark_sent, next_due_at
from models.crud.people import (
    ensure_chat_person,
    link_contact,
    person_by_contact,
    person_home,
    set_person_home,
)
from models.db import session_scope, sessionmaker
from models.levels import Level
from models.messaging import Outbox, OutboxStatus
from models.person import Person
from tests.factories import T0, make_landlord_grid, make_person


async def test_a_landlord_grid_is_found_by_chat_building_and_code(session: AsyncSession) -> None:
    house = await make_landlord_grid(
        session, code="shima-21", buildings=("21", "22"), group_chat="r1"
    )
    other = await make_landlord_grid(session, buildings=("21",))  # same number, other community
    assert (await landlord_grid_by_group_chat(session, chat_id="r1")) == house
    assert await landlord_grid_by_group_chat(session, chat_id="r2") is None
    found = await landlord_grid_by_building(session, community_id=house.community_id, building="22")
    assert found == house
    found = await landlord_grid_by_building(session, community_id=other.community_id, building="21")
    assert found == other
    assert (
        await landlord_grid_by_building(session, community_id=house.community_id, building="9")
        is None
    )
    assert await landlord_grid_by_code(session, code="shima-21") == house
    assert house.id is not None
    assert await buildings_of(session, landlord_grid_id=house.id) == ["21", "22"]


async def test_the_ladder_climbs_from_leader_to_community(session: AsyncSession) -> None:
    people = [await make_person(session, name=n) for n in ("王", "陈", "赵", "李")]
    house = await make_landlord_grid(
        session,
        leader=people[0],
        micro_grid_worker=people[1],
        grid_worker=people[2],
        community_staff=people[3],
    )
    assert house.id is not None
    ladder = await ladder_of(session, landlord_grid_id=house.id)
    names = [(level, (await session.get_one(Person, i)).name) for level, i in ladder.items()]
    assert names == [
        (Level.LANDLORD_GRID_LEADER, "王"),
        (Level.MICRO_GRID_WORKER, "陈"),
        (Level.GRID_WORKER, "赵"),
        (Level.COMMUNITY_STAFF, "李"),
    ]


async def test_the_ladder_skips_levels_without_a_person(session: AsyncSession) -> None:
    staff = await make_person(session, name="李")
    house = await make_landlord_grid(session, community_staff=staff)
    assert house.id is not None
    ladder = await ladder_of(session, landlord_grid_id=house.id)
    assert list(ladder) == [Level.LANDLORD_GRID_LEADER, Level.COMMUNITY_STAFF]


async def test_a_chat_sender_becomes_a_person_once(session: AsyncSession) -> None:
    first = await ensure_chat_person(session, contact_id="wxid_z", name="10幢301-张三")
    again = await ensure_chat_person(session, contact_id="wxid_z", name="301 张三")
    assert first.id == again.id and again.name == "301 张三"


async def test_linking_moves_the_contact_to_the_directory_person(session: AsyncSession) -> None:
    seen = await ensure_chat_person(session, contact_id="wxid_wang", name="老王")
    listed = await make_person(session, key="wang", name="王建国")
    assert listed.id is not None
    await link_contact(session, person_id=listed.id, contact_id="wxid_wang")
    holder = await person_by_contact(session, contact_id="wxid_wang")
    assert holder is not None and holder.key == "wang"
    assert seen.contact_id is None


async def test_a_person_has_one_home(session: AsyncSession) -> None:
    person = await make_person(session)
    a, b = await make_landlord_grid(session), await make_landlord_grid(session)
    assert person.id is not None and a.id is not None and b.id is not None
    await set_person_home(session, person_id=person.id, landlord_grid_id=a.id, room="301")
    await set_person_home(session, person_id=person.id, landlord_grid_id=b.id, room="302")
    home = await person_home(session, person_id=person.id)
    assert home is not None and (home.landlord_grid_id, home.room) == (b.id, "302")


async def test_a_dialog_is_current_until_it_expires(session: AsyncSession) -> None:
    await open_dialog(
        session,
        chat_id="r1",
        sender_id="s1",
        name="ask_room",
        slots={"event": "draft"},
        expires_at=T0 + timedelta(minutes=30),
    )
    current = await current_dialog(session, chat_id="r1", sender_id="s1", now=T0)
    assert current is not None and current.slots == {"event": "draft"}
    later = T0 + timedelta(minutes=30)
    assert await current_dialog(session, chat_id="r1", sender_id="s1", now=later) is None
    assert await current_dialog(session, chat_id="r1", sender_id="other", now=T0) is None
    assert await purge_expired_dialogs(session, now=later) == 1


async def test_a_new_dialog_replaces_the_old_one(session: AsyncSession) -> None:
    for name in ("ask_room", "confirm"):
        await open_dialog(
            session,
            chat_id="r1",
            sender_id="s1",
            name=name,
            slots={},
            expires_at=T0 + timedelta(hours=1),
        )
    current = await current_dialog(session, chat_id="r1", sender_id="s1", now=T0)
    assert current is not None and current.name == "confirm"
    await close_dialog(session, chat_id="r1", sender_id="s1")
    assert await current_dialog(session, chat_id="r1", sender_id="s1", now=T0) is None


async def test_the_outbox_hands_out_due_messages_in_order(session: AsyncSession) -> None:
    for n in range(3):
        await enqueue(
            session, chat_kind="group", chat_id="r1", text=f"m{n}", at=T0, mention_ids=["a"]
        )
    await enqueue(
        session, chat_kind="direct", chat_id="p1", text="later", at=T0 + timedelta(hours=1)
    )
    claimed = await claim_due(session, now=T0, limit=10, lease=timedelta(seconds=30))
    assert [row.text for row in claimed] == ["m0", "m1", "m2"]
    assert claimed[0].mention_ids == ["a"] and claimed[0].attempts == 1
    assert await claim_due(session, now=T0, limit=10, lease=timedelta(seconds=30)) == []
    assert claimed[0].id is not None and claimed[1].id is not None
    await mark_sent(session, outbox_id=claimed[0].id, at=T0)
    await mark_failed(session, outbox_id=claimed[1].id, error="down", retry_at=None)
    again = await claim_due(
        session, now=T0 + timedelta(seconds=31), limit=10, lease=timedelta(seconds=30)
    )
    assert [row.text for row in again] == ["m2"]
    statuses = {row.text: row.status for row in claimed}
    assert statuses == {
        "m0": OutboxStatus.SENT,
        "m1": OutboxStatus.FAILED,
        "m2": OutboxStatus.PENDING,
    }
    assert await next_due_at(session) == T0 + timedelta(seconds=61)


async def test_a_dedupe_key_enqueues_once(session: AsyncSession) -> None:
    assert await enqueue(
        session, chat_kind="direct", chat_id="p", text="提醒", at=T0, dedupe_key="e1:r1"
    )
    assert not await enqueue(
        session, chat_kind="direct", chat_id="p", text="提醒", at=T0, dedupe_key="e1:r1"
    )
    assert await enqueue(session, chat_kind="direct", chat_id="p", text="a", at=T0)
    assert await enqueue(session, chat_kind="direct", chat_id="p", text="b", at=T0)


async def test_two_senders_never_claim_the_same_message(engine: AsyncEngine) -> None:
    factory = sessionmaker(engine)
    async with session_scope(factory) as session:
        for n in range(4):
            await enqueue(session, chat_kind="group", chat_id="r1", text=f"m{n}", at=T0)
    async with session_scope(factory) as first:
        a = await claim_due(first, now=T0, limit=2, lease=timedelta(minutes=1))
    async with session_scope(factory) as second:
        b = await claim_due(second, now=T0, limit=10, lease=timedelta(minutes=1))
    texts: list[str] = [row.text for row in a + b]
    assert sorted(texts) == ["m0", "m1", "m2", "m3"]
    assert all(isinstance(row, Outbox) for row in a + b)
