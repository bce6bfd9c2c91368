"""Reminders on a missed deadline, then one level up per `escalate_after` reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from models.crud.away import set_away
from models.crud.events import change_state
from models.event import Event
from models.states import EventState
from tests.factories import make_person
from tests.followup.conftest import (
    SHANGHAI,
    Grid,
    followups,
    load,
    local,
    log_of,
    new_event,
    new_worker,
    run_until,
)

WEDNESDAY_10 = local(2026, 11, 25, 10, 0)


async def test_an_unanswered_event_climbs_every_level_of_the_ladder(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    event_id = await new_event(sessions, grid, WEDNESDAY_10)
    clock = FrozenClock(WEDNESDAY_10)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 25, 21, 59))

    sent = [
        (row.chat_id, row.created_at.astimezone(SHANGHAI).hour) for row in await followups(sessions)
    ]
    assert sent == [
        ("wx-leader", 11),  # acknowledge deadline (1 hour) missed: reminder 1
        ("wx-leader", 12),  # reminder 2
        ("wx-micro", 13),  # after two reminders: one level up
        ("wx-micro", 14),
        ("wx-micro", 15),
        ("wx-grid", 16),
        ("wx-grid", 17),
        ("wx-grid", 18),
        ("wx-staff", 19),
        ("wx-staff", 20),  # the top: reminders go on, no further level
        ("wx-staff", 21),
    ]
    actions = [row.action for row in await log_of(sessions, event_id)]
    assert actions[:2] == ["report", "assign"]
    assert actions[2:] == ["remind", "remind", "escalate"] * 3 + ["remind", "remind"]
    event = await load(sessions, event_id)
    assert event.escalation_level == 3 and event.reminders_sent == 2


async def test_an_escalation_carries_the_history(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    await new_event(sessions, grid, WEDNESDAY_10)
    clock = FrozenClock(WEDNESDAY_10)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 25, 13, 0))
    escalation = (await followups(sessions))[-1]
    assert escalation.chat_id == "wx-micro" and escalation.chat_kind == "direct"
    assert "微网格员" in escalation.text and "#" in escalation.text
    assert escalation.text.count("催办提醒") == 2  # both reminders to the leader, listed
    assert "升级" in escalation.text and "10幢" in escalation.text


async def test_a_non_urgent_deadline_counts_no_quiet_hours(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    # An hour to acknowledge: 30 minutes before the quiet hours (22:00), 30 after (07:30).
    created = local(2026, 11, 25, 21, 30)
    await new_event(sessions, grid, created)
    clock = FrozenClock(created)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 26, 7, 59))
    assert await followups(sessions) == []
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 26, 8, 0))
    [reminder] = await followups(sessions)
    assert reminder.chat_id == "wx-leader"
    assert reminder.created_at == local(2026, 11, 26, 8, 0)


async def test_an_urgent_event_is_reminded_at_night_until_acknowledged(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    created = local(2026, 11, 25, 23, 0)
    event_id = await new_event(sessions, grid, created, urgent=True)
    clock = FrozenClock(created)
    worker = new_worker(sessions, clock)
    await run_until(worker, clock, local(2026, 11, 25, 23, 20))
    night = [
        (row.chat_id, row.created_at.astimezone(SHANGHAI).minute)
        for row in await followups(sessions)
    ]
    assert night == [("wx-leader", 5), ("wx-leader", 10), ("wx-micro", 15), ("wx-micro", 20)]

    await acknowledge(sessions, event_id, grid, clock.now())
    await run_until(worker, clock, local(2026, 11, 26, 7, 29))
    assert len(await followups(sessions)) == 4  # acknowledged: the resolve stage keeps quiet hours


async def test_an_away_leader_is_skipped_for_the_deputy(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    async with sessions() as session, session.begin():
        deputy = await _person(session, "王太太", "deputy")
        assert grid.leader.id is not None
        await set_away(
            session,
            person_id=grid.leader.id,
            until=local(2026, 12, 3, 0, 0),
            deputy_id=deputy,
            at=WEDNESDAY_10,
        )
    await new_event(sessions, grid, WEDNESDAY_10)
    clock = FrozenClock(WEDNESDAY_10)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 25, 11, 0))
    [reminder] = await followups(sessions)
    assert reminder.chat_id == "wx-deputy"
    assert "王房东 请假中" in reminder.text


async def test_an_away_leader_without_a_deputy_passes_it_up(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    async with sessions() as session, session.begin():
        assert grid.leader.id is not None
        await set_away(
            session,
            person_id=grid.leader.id,
            until=local(2026, 12, 3, 0, 0),
            deputy_id=None,
            at=WEDNESDAY_10,
        )
    await new_event(sessions, grid, WEDNESDAY_10)
    clock = FrozenClock(WEDNESDAY_10)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 25, 11, 0))
    assert [row.chat_id for row in await followups(sessions)] == ["wx-micro"]


async def test_the_away_mark_ends_on_its_date(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    async with sessions() as session, session.begin():
        assert grid.leader.id is not None
        deputy = await _person(session, "王太太", "deputy")
        await set_away(
            session,
            person_id=grid.leader.id,
            until=local(2026, 11, 25, 10, 30),
            deputy_id=deputy,
            at=WEDNESDAY_10,
        )
    await new_event(sessions, grid, WEDNESDAY_10)
    clock = FrozenClock(WEDNESDAY_10)
    await run_until(new_worker(sessions, clock), clock, local(2026, 11, 25, 11, 0))
    assert [row.chat_id for row in await followups(sessions)] == ["wx-leader"]


async def acknowledge(
    sessions: async_sessionmaker[AsyncSession], event_id: int, grid: Grid, at: datetime
) -> None:
    """What the leader command does: the transition, and the worker told to look again."""
    async with sessions() as session, session.begin():
        event = await session.get_one(Event, event_id)
        await change_state(
            session,
            event=event,
            to_state=EventState.ACKNOWLEDGED,
            actor_id=grid.leader.id,
            at=at,
            action="ack",
        )
        event.next_action_at = at


async def _person(session: AsyncSession, name: str, key: str) -> int:
    person = await make_person(session, name=name, key=key, contact_id=f"wx-{key}")
    assert person.id is not None
    return person.id
