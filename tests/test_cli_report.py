"""`gridbot report`: closure rate by close reason, medians, overdue by level, repeat places."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cli import main
from bot.kinds import Kind
from models.crud.events import change_state, create_event
from models.db import database, session_scope
from models.event import Event
from models.grid import Community, LandlordGrid
from models.migrate import upgrade_async
from models.person import Person
from models.states import CloseReason, EventState
from tests.factories import make_landlord_grid, make_person

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"
SHANGHAI = ZoneInfo("Asia/Shanghai")
S = EventState


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
async def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", db_url)
    monkeypatch.delenv("GRIDBOT_CONFIG", raising=False)
    await upgrade_async(db_url)
    return db_url


async def gridbot(*args: str) -> int:
    return await asyncio.to_thread(main, ["--config", str(EXAMPLE), *args])


async def event(
    session: AsyncSession,
    grid: LandlordGrid,
    leader: Person,
    created: datetime,
    *,
    kind: Kind = Kind.LEAK,
    moves: tuple[tuple[EventState, datetime, CloseReason | None], ...] = (),
    level: int = 0,
) -> Event:
    stored = await create_event(
        session,
        kind=kind,
        text="漏水",
        created_at=created,
        tz=SHANGHAI,
        building="10",
        unit="2",
        room="301",
        landlord_grid_id=grid.id,
        assignee_id=leader.id,
        acknowledge_due=created + timedelta(hours=1),
        resolve_due=created + timedelta(hours=24),
    )
    for state, moment, reason in moves:
        await change_state(
            session, event=stored, to_state=state, actor_id=None, at=moment, close_reason=reason
        )
    stored.escalation_level = level
    return stored


async def populate(url: str) -> None:
    async with database(url) as (_, factory), session_scope(factory) as session:
        leader = await make_person(session, name="王房东", key="wang")
        grid = await make_landlord_grid(session, code="shima-10", leader=leader)
        other = await make_landlord_grid(session, code="elsewhere")
        day2, day3 = at(2, 10), at(3, 10)
        await event(
            session,
            grid,
            leader,
            day2,
            moves=(
                (S.ACKNOWLEDGED, day2 + timedelta(minutes=30), None),
                (S.RESOLVED, day2 + timedelta(hours=20), None),
                (S.CLOSED, day2 + timedelta(hours=24), CloseReason.FIXED),
            ),
        )
        await event(
            session,
            grid,
            leader,
            day3,
            moves=(
                (S.ACKNOWLEDGED, day3 + timedelta(hours=1), None),
                (S.RESOLVED, day3 + timedelta(hours=2), None),
                (S.CLOSED, day3 + timedelta(hours=50), CloseReason.FIXED_UNCONFIRMED),
            ),
        )
        await event(session, grid, leader, at(4, 10), kind=Kind.NOISE, level=1)  # overdue
        await event(session, grid, leader, at(1, 10, month=10))  # before --since
        assert other.id is not None
        outsider = await session.get_one(Person, other.leader_id)
        await event(session, other, outsider, at(4, 10))  # another community


async def test_the_report_splits_closures_and_measures_the_loop(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await populate(cli_db)
    community = await _community_of(cli_db, "shima-10")
    assert await gridbot("report", "--since", "2026-11-01", "--community", community) == 0
    out = capsys.readouterr().out.splitlines()
    assert "events reported: 3" in out
    assert "closed: 2 (66.7%)  open: 1" in out
    assert "  fixed, confirmed by the reporter: 1 (33.3%)" in out
    assert "  fixed_unconfirmed, the reporter never answered: 1 (33.3%)" in out
    assert "median time to acknowledge: 0h45m (over 2 events)" in out
    assert "median time to close: 1d 13h00m (over 2 closed events, duplicates left out)" in out
    assert "  landlord_grid_leader: 0" in out and "  micro_grid_worker: 1" in out
    assert "  10幢2单元301: 3 (leak x2, noise x1)" in out


async def test_without_a_community_every_event_since_the_date_counts(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await populate(cli_db)
    assert await gridbot("report", "--since", "2026-11-01") == 0
    out = capsys.readouterr().out.splitlines()
    assert "events reported: 4" in out
    assert "  landlord_grid_leader: 1" in out


async def test_an_unknown_community_and_a_bad_date_are_refused(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await gridbot("report", "--community", "nowhere") == 2
    assert "no community with the code 'nowhere'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        await gridbot("report", "--since", "Nov 1")
    assert "not a date (YYYY-MM-DD): 'Nov 1'" in capsys.readouterr().err


async def _community_of(url: str, code: str) -> str:
    async with database(url) as (_, factory), session_scope(factory) as session:
        grid = (await session.exec(select(LandlordGrid).where(LandlordGrid.code == code))).one()
        return (await session.get_one(Community, grid.community_id)).code
