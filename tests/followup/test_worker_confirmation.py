"""A resolved event: the reporter is asked; no answer in 48 hours closes it, unconfirmed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.followup.history import CONFIRM_ASK
from models.crud.events import change_state
from models.event import Event, EventLog
from models.states import CloseReason, EventState
from tests.followup.conftest import (
    GROUP,
    Grid,
    followups,
    load,
    local,
    log_of,
    new_event,
    new_worker,
    run_until,
)

CREATED = local(2026, 11, 25, 10, 0)
RESOLVED = local(2026, 11, 25, 10, 40)


async def resolve(
    sessions: async_sessionmaker[AsyncSession], event_id: int, grid: Grid, at: datetime
) -> None:
    async with sessions() as session, session.begin():
        event = await session.get_one(Event, event_id)
        for state in (EventState.ACKNOWLEDGED, EventState.RESOLVED):
            await change_state(session, event=event, to_state=state, actor_id=grid.leader.id, at=at)
        event.next_action_at = at


async def test_the_reporter_is_asked_in_the_group_with_a_mention(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, CREATED)
    await resolve(sessions, event_id, grid, RESOLVED)
    clock = FrozenClock(RESOLVED)
    await new_worker(sessions, clock).tick()
    [question] = await followups(sessions)
    assert (question.chat_kind, question.chat_id) == ("group", GROUP)
    assert question.mention_ids == ["wx-tenant"]
    assert "解决了吗" in question.text and "48小时" in question.text
    assert [row.action for row in await log_of(sessions, event_id)][-1] == CONFIRM_ASK


async def test_no_answer_in_48_hours_closes_it_as_fixed_unconfirmed(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, CREATED)
    await resolve(sessions, event_id, grid, RESOLVED)
    clock = FrozenClock(RESOLVED)
    worker = new_worker(sessions, clock)
    await run_until(worker, clock, RESOLVED + timedelta(hours=48) - timedelta(minutes=1))
    assert (await load(sessions, event_id)).state is EventState.RESOLVED

    await run_until(worker, clock, RESOLVED + timedelta(hours=48))
    event = await load(sessions, event_id)
    assert event.state is EventState.CLOSED
    assert event.close_reason is CloseReason.FIXED_UNCONFIRMED
    assert event.next_action_at is None
    closing = (await followups(sessions))[1:]
    assert [(row.chat_kind, row.chat_id) for row in closing] == [
        ("group", GROUP),
        ("direct", "wx-leader"),
    ]
    assert all("已处理未确认" in row.text for row in closing)


async def test_resolved_at_night_the_question_waits_for_the_morning_and_so_does_the_close(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, local(2026, 11, 25, 20, 0))
    resolved_at = local(2026, 11, 25, 23, 10)
    await resolve(sessions, event_id, grid, resolved_at)
    clock = FrozenClock(resolved_at)
    worker = new_worker(sessions, clock)
    await run_until(worker, clock, local(2026, 11, 26, 7, 29))
    assert await followups(sessions) == []
    await run_until(worker, clock, local(2026, 11, 28, 7, 29))
    [question] = await followups(sessions)
    assert question.created_at == local(2026, 11, 26, 7, 30)
    assert (await load(sessions, event_id)).state is EventState.RESOLVED
    await run_until(worker, clock, local(2026, 11, 28, 7, 30))
    assert (await load(sessions, event_id)).state is EventState.CLOSED


async def test_a_question_asked_by_the_resolve_command_is_not_asked_again(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, CREATED)
    await resolve(sessions, event_id, grid, RESOLVED)
    async with sessions() as session, session.begin():
        session.add(
            EventLog(
                event_id=event_id,
                at=RESOLVED,
                from_state=EventState.RESOLVED,
                to_state=EventState.RESOLVED,
                action=CONFIRM_ASK,
            )
        )
    clock = FrozenClock(RESOLVED)
    await run_until(new_worker(sessions, clock), clock, RESOLVED + timedelta(hours=48))
    sent = await followups(sessions)
    assert [row.chat_id for row in sent] == [GROUP, "wx-leader"]
    assert not any("解决了吗" in row.text for row in sent)  # only the two closing lines
    assert (await load(sessions, event_id)).close_reason is CloseReason.FIXED_UNCONFIRMED


async def test_a_reporter_who_answers_stops_the_clock(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, CREATED)
    await resolve(sessions, event_id, grid, RESOLVED)
    clock = FrozenClock(RESOLVED)
    worker = new_worker(sessions, clock)
    await worker.tick()
    async with sessions() as session, session.begin():  # what the confirmation handler does
        event = await session.get_one(Event, event_id)
        await change_state(
            session,
            event=event,
            to_state=EventState.CLOSED,
            actor_id=grid.reporter.id,
            at=RESOLVED + timedelta(hours=1),
            close_reason=CloseReason.FIXED,
        )
    await run_until(worker, clock, RESOLVED + timedelta(days=5))
    assert len(await followups(sessions)) == 1
    assert (await load(sessions, event_id)).close_reason is CloseReason.FIXED
