"""A new event is inserted with Core statements and joins the session as if it had been
loaded (models/crud/events.py): it must behave like any ORM event afterwards."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.kinds import Kind
from models.crud.event_queries import event_by_number, open_duplicate_for, reporters_of
from models.crud.events import add_reporter, change_state
from models.db import session_scope, sessionmaker
from models.event import Event
from models.states import EventState
from tests.factories import T0, make_event, make_landlord_grid, make_person


async def test_a_new_event_is_the_sessions_own(engine: AsyncEngine) -> None:
    async with session_scope(sessionmaker(engine)) as session:
        leader = await make_person(session, name="王建国")
        event = await make_event(session, assignee=leader)
        state = inspect(event)
        assert state.persistent and not state.modified and not state.expired_attributes
        assert await session.get(Event, event.id) is event
        assert await event_by_number(session, number=event.number) is event


async def test_changes_to_a_new_event_in_its_transaction_are_stored(engine: AsyncEngine) -> None:
    factory = sessionmaker(engine)
    async with session_scope(factory) as session:
        leader = await make_person(session, name="王建国")
        event = await make_event(session, assignee=leader)
        event.urgent = True  # as an urgent repeat in the same message would
        await change_state(
            session, event=event, to_state=EventState.ACKNOWLEDGED, actor_id=leader.id, at=T0
        )
        number = event.number
    async with factory() as session:
        stored = await event_by_number(session, number=number)
        assert stored is not None
        assert (stored.urgent, stored.state) == (True, EventState.ACKNOWLEDGED)
        assert (stored.reminders_sent, stored.escalation_level, stored.close_reason) == (0, 0, None)


async def test_a_merged_reporter_is_read_back_in_the_same_transaction(
    engine: AsyncEngine,
) -> None:
    async with session_scope(sessionmaker(engine)) as session:
        first, second = await make_person(session, name="张三"), await make_person(session)
        house = await make_landlord_grid(session)
        event = await make_event(session, reporter=first, landlord_grid=house)
        assert second.id is not None and house.id is not None
        assert await add_reporter(session, event=event, person_id=second.id, at=T0)
        found = await open_duplicate_for(
            session,
            person_id=second.id,
            landlord_grid_id=house.id,
            kind=Kind.LEAK,
            since=T0 - timedelta(hours=1),
        )
        assert found is not None and found.event is event
        assert (found.merged, found.has_person) == (1, True)
        assert not await add_reporter(session, event=event, person_id=second.id, at=T0)
        assert len(await reporters_of(session, event=event)) == 2


FIRST_THING_IN_A_PROCESS = """
import asyncio, sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo
from sqlmodel import SQLModel
import models
from bot.kinds import Kind
from models.crud.events import create_event
from models.db import create_engine, sessionmaker

async def main() -> None:
    engine = create_engine(sys.argv[1])
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    async with sessionmaker(engine)() as session, session.begin():
        event = await create_event(
            session, kind=Kind.LEAK, text="10幢漏水", created_at=datetime.now(UTC),
            tz=ZoneInfo("Asia/Shanghai"),
        )
        print(event.number)
    await engine.dispose()

asyncio.run(main())
"""


def test_an_event_can_be_the_first_thing_a_process_stores(tmp_path: Path) -> None:
    """No query has configured the ORM's mappers yet (a CLI, a fresh worker)."""
    script = tmp_path / "first.py"
    script.write_text(FIRST_THING_IN_A_PROCESS)
    url = f"sqlite+aiosqlite:///{tmp_path / 'first.db'}"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(script), url], capture_output=True, text=True, cwd=root, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("-0001")
