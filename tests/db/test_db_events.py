"""Events: numbering, logging, state changes, duplicates and due follow-ups."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kinds import Kind
from models.crud.event_queries import (
    claim_due_events,
    event_by_number,
    event_history,
    events_of_assignee,
    next_event_action_at,
    open_duplicate,
    reporters_of,
)
from models.crud.events import add_reporter, change_state, create_event
from models.crud.numbering import next_event_number
from models.db import session_scope, sessionmaker
from models.states import CloseReason, EventState, IllegalTransition
from tests.factories import T0, make_event, make_landlord_grid, make_person

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_numbers_count_up_per_year(session: AsyncSession) -> None:
    assert await next_event_number(session, year=2026) == "2026-0001"
    assert await next_event_number(session, year=2026) == "2026-0002"
    assert await next_event_number(session, year=2027) == "2027-0001"
    assert await next_event_number(session, year=2026) == "2026-0003"


async def test_the_year_of_a_number_is_the_local_year(session: AsyncSession) -> None:
    # 2026-12-31 17:00 UTC is already 2027 in Shanghai.
    new_year = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    event = await create_event(
        session, kind=Kind.NOISE, text="吵", created_at=new_year, tz=SHANGHAI
    )
    assert event.number == "2027-0001"


async def test_concurrent_reports_get_distinct_numbers(engine: AsyncEngine) -> None:
    factory = sessionmaker(engine)

    async def report(n: int) -> str:
        async with session_scope(factory) as session:
            event = await create_event(
                session, kind=Kind.LEAK, text=f"漏水{n}", created_at=T0, tz=UTC
            )
            await asyncio.sleep(0)  # let the other transactions interleave
            return event.number

    numbers = await asyncio.gather(*(report(n) for n in range(6)))
    assert sorted(numbers) == [f"2026-000{n}" for n in range(1, 7)]


async def test_a_new_event_is_logged_and_assigned(session: AsyncSession) -> None:
    reporter = await make_person(session, name="张三")
    leader = await make_person(session, name="王建国")
    event = await make_event(session, reporter=reporter, assignee=leader)
    assert (event.state, event.assignee_id) == (EventState.ASSIGNED, leader.id)
    assert event.id is not None
    history = await event_history(session, event_id=event.id)
    assert [(h.from_state, h.to_state, h.action, h.actor_id) for h in history] == [
        (None, EventState.NEW, "report", reporter.id),
        (EventState.NEW, EventState.ASSIGNED, "assign", None),
    ]


async def test_state_changes_are_logged_and_stored(session: AsyncSession) -> None:
    leader = await make_person(session)
    event = await make_event(session, assignee=leader)
    await change_state(
        session, event=event, to_state=EventState.ACKNOWLEDGED, actor_id=leader.id, at=T0
    )
    await change_state(
        session,
        event=event,
        to_state=EventState.CLOSED,
        actor_id=leader.id,
        at=T0 + timedelta(hours=1),
        note="不归我们管",
        close_reason=CloseReason.NOT_RESPONSIBLE,
    )
    await session.commit()
    stored = await event_by_number(session, number=event.number)
    assert stored is not None
    assert (stored.state, stored.close_reason) == (EventState.CLOSED, CloseReason.NOT_RESPONSIBLE)
    assert event.id is not None
    history = await event_history(session, event_id=event.id)
    assert history[-1].note == "不归我们管" and history[-1].at == T0 + timedelta(hours=1)


async def test_an_illegal_change_stores_nothing(session: AsyncSession) -> None:
    event = await make_event(session)
    with pytest.raises(IllegalTransition):
        await change_state(session, event=event, to_state=EventState.RESOLVED, actor_id=None, at=T0)
    assert event.id is not None
    assert len(await event_history(session, event_id=event.id)) == 1


async def test_duplicates_join_as_reporters_once(session: AsyncSession) -> None:
    first, second = await make_person(session, name="张三"), await make_person(session, name="李四")
    event = await make_event(session, reporter=first)
    assert second.id is not None and first.id is not None
    assert await add_reporter(session, event=event, person_id=second.id, at=T0, text="也漏")
    assert not await add_reporter(session, event=event, person_id=second.id, at=T0)
    assert not await add_reporter(session, event=event, person_id=first.id, at=T0)
    assert [p.name for p in await reporters_of(session, event=event)] == ["张三", "李四"]


async def test_open_duplicate_finds_the_same_kind_at_the_same_house(
    session: AsyncSession,
) -> None:
    house, other = await make_landlord_grid(session), await make_landlord_grid(session)
    assert house.id is not None and other.id is not None
    leak = await make_event(session, landlord_grid=house, created_at=T0)
    await make_event(session, landlord_grid=house, kind=Kind.NOISE, created_at=T0)
    await make_event(session, landlord_grid=other, created_at=T0)
    since = T0 - timedelta(hours=2)
    found = await open_duplicate(session, landlord_grid_id=house.id, kind=Kind.LEAK, since=since)
    assert found is not None and found.id == leak.id
    late = T0 + timedelta(minutes=1)
    assert (
        await open_duplicate(session, landlord_grid_id=house.id, kind=Kind.LEAK, since=late) is None
    )
    await change_state(
        session,
        event=leak,
        to_state=EventState.CLOSED,
        actor_id=None,
        at=T0,
        close_reason=CloseReason.WITHDRAWN,
    )
    assert (
        await open_duplicate(session, landlord_grid_id=house.id, kind=Kind.LEAK, since=since)
        is None
    )


async def test_an_assignee_sees_their_open_events(session: AsyncSession) -> None:
    leader = await make_person(session)
    mine = await make_event(session, assignee=leader)
    done = await make_event(session, assignee=leader)
    await make_event(session)
    await change_state(
        session,
        event=done,
        to_state=EventState.CLOSED,
        actor_id=None,
        at=T0,
        close_reason=CloseReason.DUPLICATE,
    )
    assert leader.id is not None
    assert [e.id for e in await events_of_assignee(session, person_id=leader.id)] == [mine.id]


async def test_due_events_are_claimed_earliest_first(session: AsyncSession) -> None:
    later = await make_event(session, next_action_at=T0 + timedelta(minutes=5))
    first = await make_event(session, next_action_at=T0 + timedelta(minutes=1))
    await make_event(session, next_action_at=T0 + timedelta(hours=1))
    await make_event(session)
    assert await next_event_action_at(session) == T0 + timedelta(minutes=1)
    due = await claim_due_events(session, now=T0 + timedelta(minutes=10), limit=10)
    assert [e.id for e in due] == [first.id, later.id]
    assert len(await claim_due_events(session, now=T0 + timedelta(minutes=10), limit=1)) == 1


async def test_personal_numbers_in_report_texts_are_stored_masked(session: AsyncSession) -> None:
    reporter = await make_person(session, name="张三")
    neighbour = await make_person(session, name="李四")
    assert neighbour.id is not None
    neighbour_id = neighbour.id
    event = await create_event(
        session,
        kind=Kind.LEAK,
        text="301漏水 联系我 13812345678",
        created_at=T0,
        tz=SHANGHAI,
        reporter_id=reporter.id,
    )
    await add_reporter(
        session,
        event=event,
        person_id=neighbour_id,
        at=T0,
        text="我也是 身份证310102198807061232",
    )
    assert event.id is not None
    history = await event_history(session, event_id=event.id)
    stored = [event.text, *(h.note for h in history if h.note)]
    assert stored == ["301漏水 联系我 138****5678", "我也是 身份证3101**********1232"]
