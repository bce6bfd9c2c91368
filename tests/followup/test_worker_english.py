"""Every follow-up message also reads in English, for people whose language is English."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from models.crud.events import change_state
from models.event import Event
from models.person import Person
from models.states import EventState
from tests.followup.conftest import Grid, followups, local, new_event, new_worker, run_until

CREATED = local(2026, 11, 23, 7, 0)  # a Monday, before the digests


async def test_reminder_escalation_question_closing_and_digests_in_english(
    sessions: async_sessionmaker[AsyncSession], grid: Grid
) -> None:
    async with sessions() as session, session.begin():
        await session.exec(
            update(Person).values(lang="en").execution_options(synchronize_session=False)
        )
    first = await new_event(sessions, grid, CREATED)
    second = await new_event(sessions, grid, CREATED)
    clock = FrozenClock(CREATED)
    worker = new_worker(sessions, clock)
    await run_until(worker, clock, local(2026, 11, 23, 11, 0))  # due 08:30: quiet until 07:30
    texts = {str(row.dedupe_key): row.text for row in await followups(sessions, prefix="")}
    by_kind = {key.split(":")[0]: text for key, text in texts.items()}
    assert by_kind["digest_leader"].startswith(
        "☀️ Good morning, 王房东! Open events on Mon 23 Nov 2026: 2"
    )
    assert "your landlord grids this week" in by_kind["digest_worker"]
    reminders = [t for t in texts.values() if t.startswith("⏰ Reminder")]
    assert reminders and all('Reply "ack 2026-' in t for t in reminders)
    escalations = [t for t in texts.values() if t.startswith("⬆️ Escalated to you")]
    assert escalations and "History:" in escalations[0] and "- " in escalations[0]

    async with sessions() as session, session.begin():
        event = await session.get_one(Event, first)
        for state in (EventState.ACKNOWLEDGED, EventState.RESOLVED):
            await change_state(session, event=event, to_state=state, actor_id=None, at=clock.now())
        event.next_action_at = clock.now()
        await session.exec(
            update(Event)
            .where(col(Event.id) == second)
            .values(next_action_at=None)
            .execution_options(synchronize_session=False)
        )
    before = len(await followups(sessions))
    await run_until(worker, clock, clock.now() + timedelta(hours=49))
    question, closed_group, closed_leader = (await followups(sessions))[before:]
    assert "Is it fixed?" in question.text and "48 hours" in question.text
    assert "nobody confirmed the fix" in closed_group.text
    assert "the reporter did not answer" in closed_leader.text
