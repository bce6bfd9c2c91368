"""A real Wechaty puppet service over a mock WeChat (tests/puppet/server.mjs), for tests.

One Node process per test session serves gRPC on a free 127.0.0.1 port (skipped when
Node or tests/puppet/node_modules is missing, failed instead under
GRIDBOT_REQUIRE_ALL_TESTS=1). The fixture `mock_wechat` hands each test the service as
a `MockWeChat`, reset (serving, nothing sent yet):

    async def test_x(mock_wechat: MockWeChat) -> None:
        transport = WechatyTransport(endpoint=mock_wechat.endpoint, token=mock_wechat.token)
        await transport.start(feed)
        message_id = await mock_wechat.say_in_room("room-shima-10", "wxid_chenjing", "漏水了",
                                                   mentions=(BOT_ID,))
        await mock_wechat.say_to_bot("wxid_wangjianguo", "今天的报修")
        await mock_wechat.join_room("room-shima-10", (NEWCOMER[0],), inviter_id="wxid_wangjianguo")
        assert await mock_wechat.next_sent() == Sent("room-shima-10", None, "@陈静\u2005收到",
                                                     ("wxid_chenjing",))
        await mock_wechat.stop_service()   # the connection drops; start_service() serves again
        await transport.stop()

The mock WeChat of `mock_wechat` holds the demo directory of config.example.toml: its
people with a contact id, one group per landlord grid (the bot `BOT_ID`, the leader, the
micro-grid worker and the grid's tenants) and a `NEWCOMER` in no group.

`street_wechat` is a second service (its own Node process, started when first used) whose
WeChat is 梧桐街道's (tests/street.py, tests/deployments/wutong/wechat.toml): real-looking
room ids, group nicknames, accounts whose WeChat names differ from the directory's, a
token with a type prefix (`insecure_…`) as puppet services since v1 issue them. Tests of
features that depend on places or people use this one (see tests/street_fixture.py for a
whole bot on it).

Each test gets its service reset: nothing sent yet, the world as it started (members,
nicknames, logging in at once), serving. Stop every transport you start: the service has
one event stream, and a new client takes it from the old one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.directory import Directory
from tests.mock_wechat import MockWeChat, Room, Sent, World
from tests.street import wutong

__all__ = [
    "BOT_ID",
    "NEWCOMER",
    "MockWeChat",
    "Sent",
    "mock_wechat",
    "puppet_service",
    "street_service",
    "street_wechat",
]

PUPPET_DIR = Path(__file__).parent / "puppet"
EXAMPLE_CONFIG = Path(__file__).parent.parent / "config.example.toml"
BOT_ID = "wxid_gridbot"
NEWCOMER = ("wxid_newcomer", "新租客")


def world_from_directory(directory: Directory, *, bot_name: str) -> World:
    contact_of = {p.key: p.contact_id for p in directory.people if p.contact_id}
    worker_of = {m.code: m.worker for m in directory.micro_grids}
    rooms = []
    for grid in directory.landlord_grids:
        if not grid.group_chat:
            continue
        keys = [grid.leader, worker_of.get(grid.micro_grid) or ""]
        keys += [p.key for p in directory.people if p.home == grid.code]
        members = [BOT_ID, *(contact_of[k] for k in keys if k in contact_of)]
        rooms.append(Room(grid.group_chat, grid.group_name or grid.name, tuple(members)))
    contacts = {p.contact_id: p.name for p in directory.people if p.contact_id}
    return World(BOT_ID, bot_name, {**contacts, NEWCOMER[0]: NEWCOMER[1]}, tuple(rooms))


def _missing_requirement() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (the puppet service tests need Node 20)"
    if not (PUPPET_DIR / "node_modules" / "wechaty-puppet-service").is_dir():
        return "tests/puppet/node_modules is missing: run `make puppet-deps`"
    return None


def require_node() -> None:
    """Skip (or fail under GRIDBOT_REQUIRE_ALL_TESTS=1) without Node and the npm pins."""
    missing = _missing_requirement()
    if missing is not None:
        if os.environ.get("GRIDBOT_REQUIRE_ALL_TESTS") == "1":
            pytest.fail(f"{missing} (GRIDBOT_REQUIRE_ALL_TESTS=1)")
        pytest.skip(missing)


@pytest.fixture(scope="session")
def puppet_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockWeChat]:
    require_node()
    settings = load_settings(str(EXAMPLE_CONFIG), environ={})
    world = world_from_directory(settings.directory, bot_name=settings.bot.name)
    service = MockWeChat.launch(world, tmp_path_factory.mktemp("puppet"))
    yield service
    service.close()


@pytest.fixture
async def mock_wechat(puppet_service: MockWeChat) -> AsyncIterator[MockWeChat]:
    await puppet_service.reset()
    yield puppet_service


@pytest.fixture(scope="session")
def street_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockWeChat]:
    require_node()
    workdir = tmp_path_factory.mktemp("street-puppet")
    service = MockWeChat.launch(wutong().world(), workdir, token_prefix="insecure_wutong_")
    yield service
    service.close()


@pytest.fixture
async def street_wechat(street_service: MockWeChat) -> AsyncIterator[MockWeChat]:
    """梧桐街道's WeChat behind a real puppet service, reset for this test."""
    await street_service.reset()
    yield street_service
