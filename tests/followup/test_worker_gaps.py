"""Gaps in the grid: nobody named above the leader, a report with no place yet."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.kinds import Kind
from models.crud.events import create_event
from tests.factories import make_landlord_grid, make_person
from tests.followup.conftest import (
    SHANGHAI,
    followups,
    load,
    local,
    log_of,
    new_worker,
    run_until,
)

CREATED = local(2026, 11, 25, 10, 0)


async def test_with_nobody_above_the_leader_keeps_being_reminded(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        leader = await make_person(session, name="王房东", key="solo", contact_id="wx-solo")
        house = await make_landlord_grid(session, leader=leader, group_chat="room-solo")
        event = await create_event(
            session,
            kind=Kind.LEAK,
            text="漏水",
            created_at=CREATED,
            tz=SHANGHAI,
            landlord_grid_id=house.id,
            assignee_id=leader.id,
            acknowledge_due=local(2026, 11, 25, 11, 0),
            next_action_at=local(2026, 11, 25, 11, 0),
        )
        assert event.id is not None
        event_id = event.id
    clock = FrozenClock(CREATED)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 25, 15, 0))
    assert [row.chat_id for row in await followups(sessions)] == ["wx-solo"] * 5
    actions = [row.action for row in await log_of(sessions, event_id)][2:]
    assert actions == ["remind", "remind", "escalate", "remind", "remind"]
    assert (await load(sessions, event_id)).escalation_level == 3  # stops climbing


async def test_a_report_waiting_for_its_place_is_left_to_the_location_question(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        event = await create_event(
            session,
            kind=Kind.NOISE,
            text="楼上好吵",
            created_at=CREATED,
            tz=SHANGHAI,
            next_action_at=local(2026, 11, 25, 10, 30),  # when the question expires
        )
        assert event.id is not None
        event_id = event.id
    clock = FrozenClock(local(2026, 11, 25, 10, 30))
    await new_worker(sessions, clock).tick()
    assert await followups(sessions) == []
    assert [row.action for row in await log_of(sessions, event_id)] == ["report"]
    assert (await load(sessions, event_id)).next_action_at is None
