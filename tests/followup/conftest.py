"""The follow-up worker on a real database: a grid with a person at every level, a frozen
clock, and helpers to read what the worker queued and logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.config.settings import FollowupPolicy, FollowupSettings, QuietHoursSettings
from bot.dispatch.enqueue import Enqueuer
from bot.followup.digest_plan import DigestPlan
from bot.followup.specs import FollowupRules
from bot.followup.worker import FollowupWorker, WorkerOptions
from bot.kinds import Kind
from bot.render import Renderer
from models.crud.events import create_event
from models.db import sessionmaker
from models.event import Event, EventLog
from models.grid import LandlordGrid
from models.messaging import Outbox
from models.person import Person
from tests.factories import make_landlord_grid, make_person

SHANGHAI = ZoneInfo("Asia/Shanghai")
GROUP = "room-shima-10"
LEAK = FollowupPolicy(
    acknowledge=timedelta(hours=1),
    resolve=timedelta(hours=24),
    reminder_interval=timedelta(hours=1),
    escalate_after=2,
    urgent=False,
    working_time=True,
)
URGENT = FollowupPolicy(
    acknowledge=timedelta(minutes=5),
    resolve=timedelta(hours=2),
    reminder_interval=timedelta(minutes=5),
    escalate_after=2,
    urgent=True,
    working_time=False,
)
FOLLOWUP = FollowupSettings(
    default=LEAK,
    urgent=URGENT,
    kinds=MappingProxyType({}),
    quiet_hours=QuietHoursSettings(start=time(22, 0), end=time(7, 30)),
    confirmation_timeout=timedelta(hours=48),
    duplicate_window=timedelta(hours=2),
)
RULES = FollowupRules.from_settings(FOLLOWUP, SHANGHAI)
# A long sleep cap: tests step the clock to each due time the worker names.
OPTIONS = WorkerOptions(batch=10, max_sleep=timedelta(days=30))


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Grid:
    leader: Person
    micro: Person
    grid: Person
    staff: Person
    reporter: Person
    landlord_grid: LandlordGrid


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return sessionmaker(engine)


@pytest.fixture
async def grid(sessions: async_sessionmaker[AsyncSession]) -> Grid:
    async with sessions() as session, session.begin():
        people = [
            await make_person(session, name=name, key=key, contact_id=f"wx-{key}")
            for name, key in [
                ("王房东", "leader"),
                ("李微网格员", "micro"),
                ("赵网格员", "grid"),
                ("社区办", "staff"),
                ("张租客", "tenant"),
            ]
        ]
        leader, micro, grid_worker, staff, reporter = people
        landlord_grid = await make_landlord_grid(
            session,
            group_chat=GROUP,
            leader=leader,
            micro_grid_worker=micro,
            grid_worker=grid_worker,
            community_staff=staff,
        )
    return Grid(leader, micro, grid_worker, staff, reporter, landlord_grid)


async def new_event(
    sessions: async_sessionmaker[AsyncSession],
    grid: Grid,
    at: datetime,
    *,
    urgent: bool = False,
    kind: Kind = Kind.LEAK,
) -> int:
    """An event assigned to the leader at `at`, due as the intake stores it."""
    due = RULES.deadlines(kind, urgent=urgent, start=at)
    ack, resolve = due.acknowledge, due.resolve
    async with sessions() as session, session.begin():
        event = await create_event(
            session,
            kind=kind,
            text="10幢2单元301卫生间漏水",
            created_at=at,
            tz=SHANGHAI,
            urgent=urgent,
            building="10",
            landlord_grid_id=grid.landlord_grid.id,
            reporter_id=grid.reporter.id,
            source_chat_id=GROUP,
            assignee_id=grid.leader.id,
            acknowledge_due=ack,
            resolve_due=resolve,
            next_action_at=ack,
        )
        assert event.id is not None
        return event.id


def new_worker(
    sessions: async_sessionmaker[AsyncSession], clock: FrozenClock, **kwargs: object
) -> FollowupWorker:
    return FollowupWorker(
        sessions=sessions,
        clock=clock,
        rules=RULES,
        mailer=Enqueuer(Renderer()),
        digests=DigestPlan(SHANGHAI),
        options=OPTIONS,
        **kwargs,  # type: ignore[arg-type]
    )


async def run_until(worker: FollowupWorker, clock: FrozenClock, end: datetime) -> None:
    """Tick at every moment the worker asks to be woken, up to `end`."""
    while True:
        wake_at = await worker.tick()
        if wake_at > end:
            clock.set(end)
            return
        clock.set(max(wake_at, clock.now()))


async def followups(
    sessions: async_sessionmaker[AsyncSession], prefix: str = "followup:"
) -> list[Outbox]:
    async with sessions() as session:
        statement = (
            select(Outbox)
            .where(col(Outbox.dedupe_key).startswith(prefix))
            .order_by(col(Outbox.created_at), col(Outbox.id))
        )
        return list((await session.exec(statement)).all())


async def log_of(sessions: async_sessionmaker[AsyncSession], event_id: int) -> list[EventLog]:
    async with sessions() as session:
        statement = (
            select(EventLog)
            .where(EventLog.event_id == event_id)
            .order_by(col(EventLog.at), col(EventLog.id))
        )
        return list((await session.exec(statement)).all())


async def load(sessions: async_sessionmaker[AsyncSession], event_id: int) -> Event:
    async with sessions() as session:
        return await session.get_one(Event, event_id)
