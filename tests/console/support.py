"""The console on 梧桐街道 (tests/street.py): events to look at, signing in, a whole bot.

The street is deployed by `street_db` (`gridbot db upgrade`, `gridbot grid import
directory.toml`); the console's tests see its pages over plain http (`console_settings`
in conftest.py), and seed events in every house, each with a mark of its own in its text:
a list, chart or export that shows another house's mark leaked it.

Who sees what (the directory's scope):
    xu-wenjuan      community staff of 清水湾社区   qs-3, qs-7, qs-9, qs-15
    pan-zhiyuan     grid worker of 清水湾第一网格    qs-3, qs-7, qs-9
    cai-min         micro-grid worker (A片)          qs-3, qs-7
    dai-guohua      landlord                          qs-3
    qin-hai         micro-grid worker of 兰亭         lt-2, lt-7
    sophie-laurent  community staff of 兰亭社区, writes English: lt-2, lt-7
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import App
from bot.chat import Delivery
from bot.clock import Clock
from bot.config import Settings
from bot.console.login import issue_login_link
from bot.kinds import Kind
from bot.register.keys import data_keys
from bot.transport import memory
from bot.web.app import create_web_app
from bot.web.console.services import ConsoleServices
from bot.web.household import ROUTES
from bot.web.register_services import RegisterServices
from models.crud.events import change_state, create_event
from models.crud.grid import landlord_grid_by_code
from models.crud.people import person_by_key
from models.event import Event
from models.states import CloseReason, EventState
from tests.street_fixture import StreetChat

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday: STREET_START
START = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)  # the Monday of the week before
LOCAL_URL = "http://127.0.0.1:8080"  # the pages' address in these tests (plain http)
PUBLIC_URL = "https://wutong.example.org"  # the street's own, in its config.toml
S = EventState
Client = TestClient[web.Request, web.Application]
# Words in every event text of one house: a list or export that shows them leaked it.
MARK = {
    "qs-3": "甲三号事",
    "qs-7": "乙七号事",
    "qs-9": "丙九号事",
    "qs-15": "丁十五号事",
    "lt-2": "戊二号事",
    "lt-7": "己七号事",
}
NAMES = {
    "qs-3": "清水湾3号楼",
    "qs-7": "清水湾7幢",
    "qs-9": "清水湾9栋、11栋",
    "qs-15": "清水湾15号楼",
    "lt-2": "兰亭2号楼",
    "lt-7": "兰亭7幢",
}


def console_app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: Clock
) -> web.Application:
    console = ConsoleServices(sessions=sessions, settings=settings, clock=clock)
    household = RegisterServices(
        sessions=sessions, settings=settings, keys=data_keys(settings), clock=clock
    )
    return create_web_app(console=console, extra_routes=ROUTES, cleanup_ctx=[household.attach])


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
            ("qs-3", 0, Kind.LEAK, "201", FIXED, 0),
            ("qs-3", 1, Kind.NOISE, "301", UNCONFIRMED, 0),
            ("qs-3", 2, Kind.LEAK, "201", (), 1),  # still waiting: overdue, escalated
            ("qs-7", 1, Kind.REPAIR, "101", ((S.ACKNOWLEDGED, 3 * H, None),), 0),
            ("qs-9", 2, Kind.DRAIN, None, REOPENED, 0),
            ("qs-15", 1, Kind.PARKING, "102", FIXED, 0),  # the community's other grid
            ("lt-2", 0, Kind.LEAK, "101", FIXED, 0),
            ("lt-2", 1, Kind.FIRE_HAZARD, "102", (), 2),
            ("lt-7", 2, Kind.SANITATION, "402", FIXED, 0),
        ]
        for code, day, kind, room, moves, level in plan:
            event = await event_at(
                session, code, start + timedelta(days=day), kind=kind, room=room, moves=moves,
                level=level, actor_key="dai-guohua" if code == "qs-3" else None,
            )  # fmt: skip
            numbers[code].append(event.number)
    return Seeded(numbers)


@dataclass
class RunningBot:
    """The whole bot on the street (memory transport, the test's clock) and a browser-less
    client of its web pages: chat and console over one database, one outbox. Anyone may
    speak, in any group: WeChat accounts the street's wechat.toml does not list too."""

    chat: StreetChat
    client: Client

    @property
    def app(self) -> App:
        return self.chat.app

    async def dm(self, contact_id: str, name: str, text: str) -> None:
        await self.app.handle(memory.direct_message(text, sender_id=contact_id, sender_name=name))

    async def say(self, chat_id: str, contact_id: str, name: str, text: str) -> None:
        message = memory.group_message(
            text, chat_id=chat_id, sender_id=contact_id, sender_name=name
        )
        await self.app.handle(message)

    async def sent(self) -> list[Delivery]:
        return await self.chat.sent()
