"""/healthz, /readyz and /metrics of a running bot (梧桐街道 deployed, the real app)."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App, build_app
from bot.chat import Inbound
from bot.clock import SystemClock
from bot.journal.file import MIN_SIZE, JournalFile
from bot.log_setup import configure_logging
from bot.operations import Operations
from bot.transport import memory
from bot.transport.memory import MemoryTransport
from bot.transport.wechaty.transport import WechatyTransport
from bot.web.app import create_web_app
from models.scratch import scratch_postgres_database
from tests.conftest import _postgres_server_url
from tests.puppet_fixture import MockWeChat
from tests.street import Street, wutong
from tests.street_deploy import HOUSE, ZH, deploy_street
from tests.tcp_proxy import TcpProxy

Client = TestClient[web.Request, web.Application]


STREET: Street = wutong()
ROOM = STREET.room_of(HOUSE).id


def said(text: str) -> Inbound:
    return memory.group_message(
        text, chat_id=ROOM, sender_id=ZH, sender_name=STREET.shown_name(ROOM, ZH)
    )


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def serve(app: App) -> AsyncIterator[Client]:
    web_app = create_web_app(ops=Operations(app))
    async with TestClient(TestServer(web_app)) as client:
        yield client


@pytest.fixture
async def street_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[App]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'street.db'}"
    settings = await deploy_street(STREET, url, monkeypatch, tmp_path)
    app = build_app(settings, transport=MemoryTransport(), clock=SystemClock())
    await app.start()
    yield app
    await app.stop()


async def test_a_running_bot_is_alive_ready_and_counts_what_it_did(street_app: App) -> None:
    for text in ("大家好", "2号楼201卫生间漏水了"):
        await street_app.feed(said(text))

    async for client in serve(street_app):
        alive = await client.get("/healthz")
        ready = await client.get("/readyz")
        metrics = await client.get("/metrics")
        assert alive.status == 200 and await alive.json() == {"alive": True}
        assert ready.status == 200
        assert await ready.json() == {
            "ready": True, "database": "ok", "transport": "always on", "journal": 0,
        }  # fmt: skip
        assert metrics.headers["Content-Type"].startswith("text/plain; version=")
        found = samples(await metrics.text())

    assert found[("gridbot_messages_received_total", ())] == 2
    assert found[("gridbot_messages_handled_total", (("outcome", "ignored"),))] == 1
    assert found[("gridbot_messages_handled_total", (("outcome", "handled"),))] == 1
    assert found[("gridbot_events_opened_total", (("kind", "leak"),))] == 1
    assert found[("gridbot_database_up", ())] == 1
    assert found[("gridbot_transport_logged_in", ())] == 1
    assert found[("gridbot_journal_messages", ())] == 0
    # The acknowledgement and the leader's message, unless the sender was quicker.
    # After 08:00 in Shanghai the leader's morning digest is queued too.
    assert found[("gridbot_outbox_pending", ())] in (0, 1, 2, 3)
    assert ("process_resident_memory_bytes", ()) in found


@pytest.mark.postgres
async def test_not_ready_while_the_database_is_away_and_messages_wait_in_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with scratch_postgres_database(_postgres_server_url(), prefix="gridbot_test") as url:
        settings = await deploy_street(STREET, url, monkeypatch, tmp_path)
        async with TcpProxy.before(url) as proxy:
            settings = dataclasses.replace(settings, database_url=proxy.url(url))
            journal = JournalFile.open(tmp_path / "inbound.journal", MIN_SIZE)
            app = build_app(settings, transport=MemoryTransport(), clock=SystemClock(),
                            journal=journal)  # fmt: skip
            await app.start()
            try:
                await proxy.cut()
                await app.feed(said("2号楼201卫生间漏水了"))
                async for client in serve(app):
                    ready = await client.get("/readyz")
                    body = await ready.json()
                    found = samples(await (await client.get("/metrics")).text())
            finally:
                await proxy.restore()
                await app.stop()

    assert ready.status == 503
    assert body["ready"] is False and body["journal"] == 1
    assert "Connect call failed" in body["database"] or "Error" in body["database"]
    assert found[("gridbot_database_up", ())] == 0
    assert found[("gridbot_journal_messages", ())] == 1
    assert found[("gridbot_messages_journaled_total", ())] == 1


@pytest.mark.puppet
async def test_not_ready_while_wechat_is_not_logged_in(
    street_wechat: MockWeChat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mock_wechat = street_wechat
    url = f"sqlite+aiosqlite:///{tmp_path / 'street.db'}"
    settings = await deploy_street(STREET, url, monkeypatch, tmp_path)
    transport = WechatyTransport(
        endpoint=mock_wechat.endpoint, token=mock_wechat.token, login_timeout=10,
        retry_initial=0.05, retry_max=0.5,
    )  # fmt: skip
    app = build_app(settings, transport=transport, clock=SystemClock())
    await app.start()
    try:
        async for client in serve(app):
            before = await client.get("/readyz")
            logged_in = await before.json()
            await mock_wechat.stop_service()
            async with asyncio.timeout(10):
                await transport.wait_until(logged_in=False)
            after = await client.get("/readyz")
            logged_out = await after.json()
            found = samples(await (await client.get("/metrics")).text())
            await mock_wechat.start_service()
    finally:
        await app.stop()

    assert before.status == 200 and logged_in["transport"] == "logged in"
    assert after.status == 503 and logged_out["transport"] == "not logged in"
    assert found[("gridbot_transport_logged_in", ())] == 0


def test_json_logs_are_one_object_per_line_with_numbers_masked() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    configure_logging(logging.INFO, handler, style="json")
    try:
        logging.getLogger("bot.test").warning("租客 %s 的手机 13912345678", "唐小燕")
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("bot.test").exception("handling failed")
    finally:
        logging.getLogger().removeHandler(handler)

    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "WARNING" and first["logger"] == "bot.test"
    assert (
        first["message"].startswith("租客 唐小燕 的手机 139") and "12345678" not in first["message"]
    )
    assert first["time"][:2] == "20"
    assert "ValueError: boom" in second["exc_info"]
