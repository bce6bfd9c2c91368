"""A street that is not the demo, loaded as a street loads it, and events to look at.

The directory is tests/console/directory.toml, imported with `gridbot grid import` into a
database migrated with `gridbot db upgrade`; the config names no directory at all.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import App, build_app
from bot.chat import Delivery
from bot.cli import main
from bot.clock import Clock
from bot.config import Settings, load_settings
from bot.console.login import issue_login_link
from bot.kinds import Kind
from bot.register.keys import data_keys
from bot.transport import memory
from bot.transport.memory import MemoryTransport
from bot.web.app import create_web_app
from bot.web.console.runtime import console_services
from bot.web.console.services import ConsoleServices
from bot.web.household import ROUTES
from bot.web.register_services import RegisterServices
from models.crud.events import change_state, create_event
from models.crud.grid import landlord_grid_by_code
from models.crud.people import person_by_key
from models.event import Event
from models.states import CloseReason, EventState

DIRECTORY = Path(__file__).resolve().parent / "directory.toml"
SHANGHAI = ZoneInfo("Asia/Shanghai")
S = EventState
Client = TestClient[web.Request, web.Application]
CONFIG = """\
timezone = "Asia/Shanghai"
database_url = "sqlite:///unused.db"
transport = "memory"

[register]
demo = true
public_url = "http://127.0.0.1:8080"

[register.houses.qingshan-3]
rooms = ["101", "201", "301"]

[register.houses.qingshan-5]
rooms = ["101", "102"]
"""
# Words in every event text of one house: a list or export that shows them leaked it.
MARK = {
    "qingshan-3": "东三号",
    "qingshan-5": "东五号",
    "qingshan-8": "西八号",
    "liushui-2": "流水二号",
}


async def gridbot(config: Path, *args: str) -> int:
    return await asyncio.to_thread(main, ["--config", str(config), *args])


async def load_street(tmp_path: Path, db_url: str) -> Settings:
    """Migrate and import the street's directory through the CLI (GRIDBOT_DATABASE_URL must
    name `db_url`: the caller sets it), then read the settings."""
    config = tmp_path / "street.toml"
    config.write_text(CONFIG, encoding="utf-8")
    assert await gridbot(config, "db", "upgrade") == 0
    assert await gridbot(config, "grid", "import", str(DIRECTORY)) == 0
    return load_settings(str(config), environ={"GRIDBOT_DATABASE_URL": db_url})


def console_app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: Clock
) -> web.Application:
    console = ConsoleServices(sessions=sessions, settings=settings, clock=clock)
    household = RegisterServices(
        sessions=sessions, settings=settings, keys=data_keys(settings), clock=clock
    )
    return create_web_app(
        console=console,
        extra_routes=ROUTES,
        cleanup_ctx=[household.attach],
    )


async def login_url(sessions: async_sessionmaker[AsyncSession], key: str, now: datetime) -> str:
    async with sessions() as session, session.begin():
        person = await person_by_key(session, key=key)
        assert person is not None, key
        return (await issue_login_link(session, person=person, now=now)).url("")


async def sign_in(client: Client, sessions: async_sessionmaker[AsyncSession], key: str,
                  now: datetime) -> None:  # fmt: skip
    url = await login_url(sessions, key, now)
    page = await client.get(url)
    assert page.status == 200, await page.text()
    token = csrf_of(await page.text())
    response = await client.post(url, data={"csrf_token": token}, allow_redirects=False)
    assert response.status == 303, await response.text()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found[1]


@dataclass(frozen=True)
class Seeded:
    numbers: dict[str, list[str]]  # event numbers by house code


async def event_at(
    session: AsyncSession,
    code: str,
    created: datetime,
    *,
    kind: Kind = Kind.LEAK,
    room: str | None = "201",
    moves: tuple[tuple[EventState, timedelta, CloseReason | None], ...] = (),
    level: int = 0,
    actor_key: str | None = None,
) -> Event:
    house = await landlord_grid_by_code(session, code=code)
    assert house is not None and house.id is not None
    actor = await person_by_key(session, key=actor_key) if actor_key else None
    event = await create_event(
        session,
        kind=kind,
        text=f"{MARK[code]}{room or ''}出了问题",
        created_at=created,
        tz=SHANGHAI,
        building=code.rsplit("-", 1)[1],
        room=room,
        landlord_grid_id=house.id,
        assignee_id=house.leader_id,
        acknowledge_due=created + timedelta(hours=1),
        resolve_due=created + timedelta(hours=24),
    )
    for state, after, reason in moves:
        await change_state(
            session,
            event=event,
            to_state=state,
            actor_id=actor.id if actor else None,
            at=created + after,
            close_reason=reason,
            note="已处理" if state is S.RESOLVED else None,
        )
    event.escalation_level = level
    session.add(event)
    await session.flush()
    return event


H = timedelta(hours=1)
FIXED = (
    (S.ACKNOWLEDGED, 0.5 * H, None),
    (S.RESOLVED, 5 * H, None),
    (S.CLOSED, 6 * H, CloseReason.FIXED),
)
UNCONFIRMED = ((S.ACKNOWLEDGED, 2 * H, None), (S.RESOLVED, 30 * H, None),
               (S.CLOSED, 80 * H, CloseReason.FIXED_UNCONFIRMED))  # fmt: skip
REOPENED = ((S.ACKNOWLEDGED, 0.2 * H, None), (S.RESOLVED, 3 * H, None), (S.REOPENED, 4 * H, None),
            (S.RESOLVED, 8 * H, None), (S.CLOSED, 9 * H, CloseReason.FIXED))  # fmt: skip


async def seed(sessions: async_sessionmaker[AsyncSession], start: datetime) -> Seeded:
    """Events over the days after `start` at every house, in every kind of state."""
    numbers: dict[str, list[str]] = {code: [] for code in MARK}
    async with sessions() as session, session.begin():
        plan = [
            ("qingshan-3", 0, Kind.LEAK, "201", FIXED, 0),
            ("qingshan-3", 1, Kind.NOISE, "301", UNCONFIRMED, 0),
            ("qingshan-3", 2, Kind.LEAK, "201", (), 1),  # still waiting: overdue, escalated
            ("qingshan-5", 1, Kind.REPAIR, "101", ((S.ACKNOWLEDGED, 3 * H, None),), 0),
            ("qingshan-8", 2, Kind.DRAIN, None, REOPENED, 0),
            ("liushui-2", 0, Kind.LEAK, "101", FIXED, 0),
            ("liushui-2", 1, Kind.FIRE_HAZARD, "102", (), 2),
        ]
        for code, day, kind, room, moves, level in plan:
            event = await event_at(
                session, code, start + timedelta(days=day), kind=kind, room=room, moves=moves,
                level=level, actor_key="cao-lan" if code == "qingshan-3" else None,
            )  # fmt: skip
            numbers[code].append(event.number)
    return Seeded(numbers)


@dataclass
class RunningBot:
    """The whole bot on the street (memory transport, the test's clock) and a browser-less
    client of its web pages: chat and console over one database, one outbox."""

    app: App
    transport: MemoryTransport
    client: Client

    async def dm(self, contact_id: str, name: str, text: str) -> None:
        await self.app.handle(memory.direct_message(text, sender_id=contact_id, sender_name=name))

    async def say(self, chat_id: str, contact_id: str, name: str, text: str) -> None:
        message = memory.group_message(
            text, chat_id=chat_id, sender_id=contact_id, sender_name=name
        )
        await self.app.handle(message)

    async def sent(self) -> list[Delivery]:
        await self.app.outbox.deliver_due()
        return self.transport.take_sent()


@asynccontextmanager
async def running_bot(settings: Settings, clock: Clock) -> AsyncIterator[RunningBot]:
    transport = MemoryTransport()
    app = build_app(settings, transport=transport, clock=clock)
    await transport.start(app.feed)
    web_app = create_web_app(console=console_services(app))
    try:
        async with TestClient(TestServer(web_app)) as client:
            yield RunningBot(app, transport, client)
    finally:
        await app.stop()
