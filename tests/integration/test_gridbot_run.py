"""`gridbot run` as a process with transport = wechaty, against the real puppet service.

tests/test_app.py checks in-process that an unreachable endpoint makes run() return 1;
here the real process: its exit status, that stderr ends in one clear line with no
traceback and never shows the token, and that a good token serves until SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.migrate import upgrade_async
from tests.net import free_port
from tests.puppet_fixture import MockWeChat

from .conftest import REPO, ROOM, TENANT, WAIT

pytestmark = pytest.mark.puppet

LOGIN_TIMEOUT_S = 2
WRONG_TOKEN = "gridbot-wrong-token-0000"


@dataclass(frozen=True, slots=True)
class Finished:
    status: int
    stderr: str


@dataclass
class Gridbot:
    """Runs `gridbot --config CONFIG run` in a temporary directory, on a migrated SQLite."""

    config: Path
    env: dict[str, str]

    async def start(self, *, endpoint: str, token: str) -> asyncio.subprocess.Process:
        env = {**self.env, "GRIDBOT_WECHATY_ENDPOINT": endpoint, "GRIDBOT_WECHATY_TOKEN": token}
        return await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bot.cli", "--config", str(self.config), "run"),
            cwd=self.config.parent,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )

    async def run(self, *, endpoint: str, token: str) -> Finished:
        process = await self.start(endpoint=endpoint, token=token)
        async with asyncio.timeout(LOGIN_TIMEOUT_S + 30):  # imports and migrations check
            _, stderr = await process.communicate()
        assert process.returncode is not None
        return Finished(process.returncode, stderr.decode())


@pytest.fixture
async def gridbot(tmp_path: Path) -> Gridbot:
    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    short = example.replace('login_timeout = "60s"', f'login_timeout = "{LOGIN_TIMEOUT_S}s"')
    assert short != example, "config.example.toml no longer sets wechaty.login_timeout"
    config = tmp_path / "config.toml"
    config.write_text(short, encoding="utf-8")
    database = f"sqlite+aiosqlite:///{tmp_path / 'gridbot.db'}"
    await upgrade_async(database)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env |= {
        "GRIDBOT_DATABASE_URL": database,
        "GRIDBOT_TRANSPORT": "wechaty",
        "GRIDBOT_SECRET_KEY": "an-operator-secret-for-the-tests",
        "GRIDBOT_WEB_PORT": str(free_port()),
    }
    return Gridbot(config, env)


@pytest.fixture
async def processes() -> AsyncIterator[list[asyncio.subprocess.Process]]:
    started: list[asyncio.subprocess.Process] = []
    yield started
    for process in started:
        if process.returncode is None:
            process.kill()
            await process.wait()


def assert_one_clear_line(finished: Finished, expected: str) -> None:
    assert finished.status == 1
    assert "Traceback" not in finished.stderr
    lines = finished.stderr.strip().splitlines()
    assert lines[-1] == f"gridbot: the wechaty transport failed: {expected}"
    assert [line for line in lines if line.startswith("gridbot:")] == [lines[-1]]


async def test_a_wrong_token_exits_non_zero_with_one_clear_line(
    mock_wechat: MockWeChat, gridbot: Gridbot
) -> None:
    finished = await gridbot.run(endpoint=mock_wechat.endpoint, token=WRONG_TOKEN)

    assert_one_clear_line(
        finished,
        f"cannot log in to the Wechaty puppet service at {mock_wechat.endpoint} "
        f"within {LOGIN_TIMEOUT_S} s: the puppet service rejected the token",
    )
    assert "rejected the token; retrying in" in finished.stderr  # logged while it retried
    assert WRONG_TOKEN not in finished.stderr


async def test_an_unreachable_endpoint_exits_non_zero_with_one_clear_line(
    gridbot: Gridbot,
) -> None:
    endpoint = f"127.0.0.1:{free_port()}"

    finished = await gridbot.run(endpoint=endpoint, token="any-token")

    assert_one_clear_line(
        finished,
        f"cannot log in to the Wechaty puppet service at {endpoint} "
        f"within {LOGIN_TIMEOUT_S} s: connection refused",
    )


async def test_with_the_right_token_it_answers_in_the_room_and_stops_cleanly_on_sigterm(
    mock_wechat: MockWeChat, gridbot: Gridbot, processes: list[asyncio.subprocess.Process]
) -> None:
    process = await gridbot.start(endpoint=mock_wechat.endpoint, token=mock_wechat.token)
    processes.append(process)
    assert process.stderr is not None
    seen: list[str] = []
    async with asyncio.timeout(WAIT + 20):  # a fresh interpreter imports everything first
        while "GridBot runs on wechaty" not in (line := (await process.stderr.readline()).decode()):
            assert line, f"gridbot run ended before serving: {''.join(seen)}"
            seen.append(line)
    assert any("logged in to WeChat as" in line for line in seen)

    await mock_wechat.say_in_room(ROOM, TENANT, "楼道灯坏了，麻烦报修")
    answer = await mock_wechat.next_sent()
    process.send_signal(signal.SIGTERM)
    async with asyncio.timeout(WAIT):
        _, rest = await process.communicate()

    assert (answer.room_id, answer.mention_ids) == (ROOM, (TENANT,))
    assert "【报修】" in answer.text
    assert process.returncode == 0
    assert "Traceback" not in rest.decode()
