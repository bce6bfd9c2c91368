"""The production route: GridBot connects to the local token gateway (deploy/gateway), a
Wechaty puppet service on 127.0.0.1 with TLS off, in front of the provider; here the
provider is 梧桐街道's mock WeChat, reached by the gateway as a v1 puppet service with a
typed token, as a street's gateway reaches its provider."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.chat import ChatKind, Delivery, TransportError
from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from bot.transport.wechaty.transport import WechatyTransport
from tests.mock_wechat import MockWeChat, Sent
from tests.net import free_port
from tests.puppet_fixture import PUPPET_DIR
from tests.street import Street
from tests.street_fixture import StreetLauncher

from .conftest import Feed

pytestmark = pytest.mark.puppet

GATEWAY_DIR = Path(__file__).resolve().parents[2] / "deploy" / "gateway"
WAIT = 30.0
LIN = "wxid_linxiao"


@dataclass(frozen=True, slots=True)
class Gateway:
    endpoint: str
    token: str


def gateway_dir(workdir: Path) -> Path:
    """deploy/gateway/gateway.mjs beside the npm packages of tests/puppet (the same pins)."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(GATEWAY_DIR / "gateway.mjs", workdir / "gateway.mjs")
    modules = workdir / "node_modules"
    if not modules.exists():
        modules.symlink_to(PUPPET_DIR / "node_modules", target_is_directory=True)
    (workdir / "home").mkdir(exist_ok=True)
    return workdir


async def start_gateway(
    workdir: Path, env: dict[str, str]
) -> tuple[asyncio.subprocess.Process, list[str]]:
    workdir = await asyncio.to_thread(gateway_dir, workdir)
    # HOME of its own: the provider client keeps the payloads it saw under ~/.wechaty.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("WECHATY_")}
    process = await asyncio.create_subprocess_exec(
        "node",
        str(workdir / "gateway.mjs"),
        cwd=workdir,
        env={**inherited, "HOME": str(workdir / "home"), **env},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    return process, []


async def finished(process: asyncio.subprocess.Process) -> str:
    async with asyncio.timeout(WAIT):
        out, _ = await process.communicate()
    return out.decode()


@pytest.fixture
async def gateway(street_wechat: MockWeChat, tmp_path: Path) -> AsyncIterator[Gateway]:
    endpoint = f"127.0.0.1:{free_port()}"
    token = f"insecure_gridbot_gateway_{secrets.token_hex(8)}"
    process, seen = await start_gateway(
        tmp_path / "gateway",
        {
            "GATEWAY_TOKEN": token,
            "GATEWAY_ENDPOINT": endpoint,
            # the provider: a puppet service reached over the network with its own token
            "WECHATY_PUPPET_SERVICE_TOKEN": street_wechat.token,
            "WECHATY_PUPPET_SERVICE_ENDPOINT": street_wechat.endpoint,
            "WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT": "true",
        },
    )
    assert process.stdout is not None
    try:
        async with asyncio.timeout(WAIT):
            while "gateway ready on" not in (line := (await process.stdout.readline()).decode()):
                assert line, f"the gateway exited: {''.join(seen)}"
                seen.append(line)
        assert line.strip() == f"gateway ready on {endpoint} over wechaty-puppet-service"
        yield Gateway(endpoint, token)
    finally:
        if process.returncode is None:
            process.terminate()
        await finished(process)


async def test_the_bot_chats_through_the_gateway_with_a_typed_token(
    street: Street, street_wechat: MockWeChat, gateway: Gateway
) -> None:
    feed = Feed()
    transport = WechatyTransport(
        endpoint=gateway.endpoint, token=gateway.token, login_timeout=WAIT, retry_initial=0.1
    )
    await transport.start(feed)
    try:
        qs3 = street.room_of("qs-3").id
        await street_wechat.say_in_room(qs3, LIN, "楼道灯坏了")
        message = await feed.message()
        assert (message.chat_id, message.sender_id, message.text) == (qs3, LIN, "楼道灯坏了")
        assert message.sender_name == "3号楼2单元301-林晓"  # the nickname, through the gateway
        await street_wechat.set_room_alias(qs3, LIN, "3号楼402-林晓")
        await street_wechat.say_in_room(qs3, LIN, "搬家了")
        assert (await feed.message()).sender_name == "3号楼402-林晓"  # the rename, too

        await transport.send(Delivery(ChatKind.GROUP, qs3, "收到", mention_ids=(LIN,)))
        await transport.send(Delivery(ChatKind.DIRECT, street.contact("dai-guohua"), "请处理"))
        assert await street_wechat.next_sent() == Sent(
            qs3, None, f"@3号楼402-林晓{MENTION_SEPARATOR}收到", (LIN,)
        )
        assert await street_wechat.next_sent() == Sent(
            None, street.contact("dai-guohua"), "请处理", ()
        )
    finally:
        await transport.stop()


async def test_the_gateway_refuses_a_wrong_token(gateway: Gateway) -> None:
    transport = WechatyTransport(
        endpoint=gateway.endpoint, token="insecure_not_the_token", login_timeout=2
    )
    with pytest.raises(TransportError, match="the puppet service rejected the token"):
        await transport.start(Feed())


async def test_a_report_goes_end_to_end_through_the_gateway(
    street: Street, street_launch: StreetLauncher, gateway: Gateway
) -> None:
    bot = await street_launch(endpoint=gateway.endpoint, token=gateway.token)
    room = await bot.bind("qs-3")
    await bot.link("dai-guohua")

    await bot.wechat.say_in_room(room, LIN, "卫生间漏水了")

    group, direct = await bot.sent(2)
    assert "【漏水】清水湾3号楼301室" in group.text
    assert direct.to_id == street.contact("dai-guohua")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "gateway: GATEWAY_TOKEN is not set"),
        (
            {"GATEWAY_TOKEN": "insecure_x", "GATEWAY_ENDPOINT": "0.0.0.0:8788"},
            "gateway: GATEWAY_ENDPOINT 0.0.0.0:8788 is not a loopback address",
        ),
        (
            {"GATEWAY_TOKEN": "insecure_x", "WECHATY_PUPPET": "wechaty-puppet-nowhere"},
            "gateway: cannot load the provider module wechaty-puppet-nowhere",
        ),
        (
            {"GATEWAY_TOKEN": "insecure_x", "WECHATY_PUPPET_SERVICE_TOKEN": ""},
            "gateway: the provider wechaty-puppet-service cannot start: wechaty-puppet-service: "
            "WECHATY_PUPPET_SERVICE_TOKEN not found",
        ),
    ],
)
async def test_the_gateway_refuses_to_start_with_a_reason(
    tmp_path: Path, street_service: MockWeChat, env: dict[str, str], message: str
) -> None:
    process, _ = await start_gateway(tmp_path / "gateway", env)
    out = await finished(process)
    assert process.returncode == 2
    assert message in out


def test_the_gateway_pins_the_puppet_service_of_the_tests() -> None:
    gateway = json.loads((GATEWAY_DIR / "package.json").read_text())["dependencies"]
    tested = json.loads((PUPPET_DIR / "package.json").read_text())["dependencies"]
    assert gateway == {name: tested[name] for name in ("wechaty-puppet", "wechaty-puppet-service")}
    lock = json.loads((GATEWAY_DIR / "package-lock.json").read_text())
    assert lock["packages"][""]["dependencies"] == gateway


DEPLOY_DOCS = GATEWAY_DIR.parents[1] / "docs" / "deploy"


def test_the_deployment_recipes_refer_to_what_exists_and_ship_no_usable_secret() -> None:
    repo = GATEWAY_DIR.parents[1]
    for dockerfile in ("Dockerfile.gateway", "Dockerfile.bot"):
        for line in (DEPLOY_DOCS / dockerfile).read_text().splitlines():
            if line.startswith("COPY "):
                for source in line.split()[1:-1]:
                    assert (repo / source).exists(), f"{dockerfile}: {source}"
    compose = (DEPLOY_DOCS / "compose.yaml").read_text()
    assert "docs/deploy/Dockerfile.gateway" in compose and "docs/deploy/Dockerfile.bot" in compose
    unit = (DEPLOY_DOCS / "gridbot-gateway.service").read_text()
    assert "/opt/gridbot/deploy/gateway/gateway.mjs" in unit
    for example, names in (
        ("gateway.env.example", ("GATEWAY_TOKEN", "WECHATY_PUPPET_SERVICE_TOKEN")),
        ("gridbot.env.example", ("GRIDBOT_SECRET_KEY", "GRIDBOT_WECHATY_TOKEN")),
    ):
        values = dict(
            line.split("=", 1)
            for line in (DEPLOY_DOCS / example).read_text().splitlines()
            if line and not line.startswith("#")
        )
        for name in names:  # empty: refused at start, so nothing runs on a placeholder
            assert values[name] == "", f"{example}: {name}"
