"""Bindings in the database: the mirror in LandlordGrid.group_chat, the history, moves."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.bindings import (
    bind_grid,
    binding_log,
    group_chat_of_grid,
    landlord_grids_of_chat,
    unbind_grids,
)
from tests.factories import T0, make_landlord_grid, make_person


async def test_one_group_several_houses_then_one_again(session: AsyncSession) -> None:
    leader = await make_person(session, key="wang")
    assert leader.id is not None
    a = await make_landlord_grid(session, leader=leader)
    b = await make_landlord_grid(session, leader=leader)
    assert a.id is not None and b.id is not None

    await bind_grid(session, chat_id="room", landlord_grid=a, by_id=leader.id, now=T0)
    assert (a.group_chat, b.group_chat) == ("room", None)
    await bind_grid(session, chat_id="room", landlord_grid=b, by_id=leader.id, now=T0)
    assert [g.id for g in await landlord_grids_of_chat(session, chat_id="room")] == [a.id, b.id]
    assert (a.group_chat, b.group_chat) == (None, None)  # no single house to mirror
    assert await group_chat_of_grid(session, landlord_grid_id=b.id) == "room"

    await unbind_grids(session, chat_id="room", grid_ids={a.id}, by_id=leader.id, now=T0)
    assert [g.id for g in await landlord_grids_of_chat(session, chat_id="room")] == [b.id]
    assert (a.group_chat, b.group_chat) == (None, "room")
    log = [
        (r.landlord_grid_id, r.unbound_at is None)
        for r in await binding_log(session, chat_id="room")
    ]
    assert log == [(a.id, False), (b.id, True)]


async def test_a_directory_bound_house_moving_to_a_new_group_leaves_the_old_one_unbound(
    session: AsyncSession,
) -> None:
    leader = await make_person(session, key="liu")
    assert leader.id is not None
    house = await make_landlord_grid(session, leader=leader, group_chat="old-room")
    assert [g.id for g in await landlord_grids_of_chat(session, chat_id="old-room")] == [house.id]

    await bind_grid(session, chat_id="new-room", landlord_grid=house, by_id=leader.id, now=T0)
    assert await landlord_grids_of_chat(session, chat_id="old-room") == []
    assert house.group_chat == "new-room"
    [adopted] = await binding_log(session, chat_id="old-room")
    assert (adopted.bound_by_id, adopted.unbound_by_id) == (None, leader.id)
