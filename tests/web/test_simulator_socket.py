"""The simulator page and its WebSocket protocol through aiohttp's test client."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import ClientSession, ClientWebSocketResponse, WSCloseCode, WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer

from bot.chat import ChatKind, Inbound, MediaKind, MediaTooLarge
from bot.directory import Directory
from bot.transport.simulator.transport import SimulatorTransport
from bot.web.app import create_web_app

from .conftest import EchoBot

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def client(
    directory: Directory, simulator: SimulatorTransport, echo: EchoBot
) -> AsyncIterator[Client]:
    app = create_web_app(simulator=simulator)
    async with TestClient(TestServer(app)) as client:
        yield client


async def receive(socket: ClientWebSocketResponse, kind: str) -> dict[str, Any]:
    """The next message of a kind, skipping others (the order of kinds is not the point)."""
    while True:
        message: dict[str, Any] = await socket.receive_json(timeout=10)
        if message["type"] == kind:
            return message


async def watch(client: Client, identity: str, group: str | None) -> ClientWebSocketResponse:
    socket = await client.ws_connect("/ws")
    await socket.send_json({"type": "watch", "identity": identity, "group": group})
    await receive(socket, "history")
    return socket


async def test_the_page_embeds_the_roster_as_json(client: Client) -> None:
    response = await client.get("/")
    html = await response.text()
    start = html.index('<script id="roster" type="application/json">') + 44
    roster = json.loads(html[start : html.index("</script>", start)])
    assert roster["bot_name"] == "网格助手"
    assert {"contact_id": "sim-chen", "name": "陈小微", "lang": "zh"}.items() <= next(
        p for p in roster["identities"] if p["contact_id"] == "sim-chen"
    ).items()
    assert {"chat_id": "room-shima-10", "name": "石马10幢房东群"} in roster["groups"]


async def test_watching_returns_both_histories_and_membership(
    client: Client, simulator: SimulatorTransport
) -> None:
    await simulator.post_direct(sender_id="wxid_zhang", text="之前的私信")
    await simulator.settled()
    socket = await client.ws_connect("/ws")
    await socket.send_json({"type": "watch", "identity": "wxid_zhang", "group": "room-shima-10"})
    history = await receive(socket, "history")
    assert history["member"] is True
    assert history["group_lines"] == []
    assert [line["text"] for line in history["direct_lines"]] == [
        "之前的私信",
        "私信收到：之前的私信",
    ]
    await socket.close()


async def test_a_post_comes_back_to_the_poster_and_to_another_member_with_the_bot_reply(
    client: Client,
) -> None:
    tenant = await watch(client, "wxid_zhang", "room-shima-10")
    landlord = await watch(client, "wxid_wang", "room-shima-10")
    await tenant.send_json({"type": "post", "chat": "group", "text": "10幢2单元漏水"})
    for socket in (tenant, landlord):
        own = (await receive(socket, "line"))["line"]
        assert (own["sender_name"], own["text"], own["from_bot"]) == (
            "张三",
            "10幢2单元漏水",
            False,
        )
        reply = (await receive(socket, "line"))["line"]
        assert reply["from_bot"] and reply["text"] == "@张三\u2005收到：10幢2单元漏水"
    direct = (await receive(tenant, "line"))["line"]
    assert (direct["chat_kind"], direct["text"]) == ("direct", "已登记：10幢2单元漏水")
    await tenant.close()
    await landlord.close()


async def test_a_watcher_of_another_group_only_hears_that_there_is_activity(
    client: Client,
) -> None:
    elsewhere = await watch(client, "sim-anna", "sim-room-shima-12")
    tenant = await watch(client, "wxid_zhang", "room-shima-10")
    await tenant.send_json({"type": "post", "chat": "group", "text": "有人吗"})
    activity = await elsewhere.receive_json(timeout=10)
    assert activity == {"type": "activity", "group": "room-shima-10"}
    await elsewhere.close()
    await tenant.close()


async def test_a_direct_message_to_the_bot_is_answered_in_the_direct_chat(client: Client) -> None:
    socket = await watch(client, "sim-chen", None)
    await socket.send_json({"type": "post", "chat": "direct", "text": "查询"})
    own = (await receive(socket, "line"))["line"]
    answer = (await receive(socket, "line"))["line"]
    assert (own["sender_id"], own["chat_kind"]) == ("sim-chen", "direct")
    assert (answer["from_bot"], answer["text"]) == (True, "私信收到：查询")
    await socket.close()


async def test_a_non_member_is_told_to_join_then_can_post(client: Client) -> None:
    socket = await watch(client, "sim-anna", "room-shima-10")
    await socket.send_json({"type": "post", "chat": "group", "text": "hello"})
    assert (await receive(socket, "error"))["code"] == "not_member"
    await socket.send_json({"type": "join"})
    assert await receive(socket, "joined") == {"type": "joined", "group": "room-shima-10"}
    welcome = (await receive(socket, "line"))["line"]
    assert welcome["text"] == "@Anna Smith\u2005欢迎入群"
    await socket.send_json({"type": "post", "chat": "group", "text": "hello"})
    assert (await receive(socket, "line"))["line"]["text"] == "hello"
    await socket.close()


@pytest.mark.parametrize(
    ("request_text", "code"),
    [
        ("not json", "bad_request"),
        ("[1, 2]", "bad_request"),
        ('{"type": "dance"}', "bad_request"),
        ('{"type": "post", "chat": "group", "text": "hi"}', "no_identity"),
        ('{"type": "watch", "identity": "wxid_ghost"}', "unknown_identity"),
        ('{"type": "watch", "identity": "wxid_zhang", "group": "room-x"}', "unknown_group"),
        ('{"type": "watch", "identity": "wxid_zhang", "group": 7}', "unknown_group"),
    ],
)
async def test_bad_requests_get_a_clear_error_and_the_socket_stays_open(
    client: Client, request_text: str, code: str
) -> None:
    socket = await client.ws_connect("/ws")
    await socket.send_str(request_text)
    error = await receive(socket, "error")
    assert error["code"] == code and error["message"]
    await socket.send_json({"type": "watch", "identity": "wxid_zhang", "group": None})
    assert (await receive(socket, "history"))["identity"] == "wxid_zhang"
    await socket.close()


async def test_posting_in_a_group_without_choosing_one_is_refused(client: Client) -> None:
    socket = await watch(client, "wxid_zhang", None)
    await socket.send_json({"type": "post", "chat": "group", "text": "hi"})
    assert (await receive(socket, "error"))["code"] == "no_group"
    await socket.send_json({"type": "post", "chat": "direct", "text": " "})
    assert (await receive(socket, "error"))["code"] == "empty_text"
    await socket.close()


async def test_shutting_the_server_down_closes_open_sockets(
    directory: Directory, simulator: SimulatorTransport
) -> None:
    server = TestServer(create_web_app(simulator=simulator))
    await server.start_server()
    async with ClientSession() as session:
        socket = await session.ws_connect(server.make_url("/ws"))
        await server.close()
        closing = await socket.receive(timeout=10)
        assert closing.type is WSMsgType.CLOSE
        assert closing.data == WSCloseCode.GOING_AWAY


async def test_a_photo_from_the_page_reaches_the_bot_as_an_image_it_can_fetch(
    client: Client, simulator: SimulatorTransport, echo: EchoBot
) -> None:
    tenant = await watch(client, "wxid_zhang", "room-shima-10")
    picture = b"\x89PNG\r\n\x1a\n not much of a picture"
    data = base64.b64encode(picture).decode()
    await tenant.send_json({"type": "photo", "chat": "group", "name": "漏水.png", "data": data})
    own = (await receive(tenant, "line"))["line"]
    assert (own["sender_name"], own["text"]) == ("张三", "[image] 漏水.png")
    await tenant.send_json({"type": "photo", "chat": "direct", "name": "合同.pdf", "data": data})
    while (await receive(tenant, "line"))["line"]["text"] != "[file] 合同.pdf":
        pass  # the bot's answers to the first
    await simulator.settled()
    image, document = (seen for seen in echo.seen if isinstance(seen, Inbound))
    assert (image.text, image.chat_kind, document.chat_kind) == (
        "",
        ChatKind.GROUP,
        ChatKind.DIRECT,
    )
    [ref] = image.media
    assert ref.kind is MediaKind.IMAGE and document.media[0].kind is MediaKind.FILE
    assert await simulator.fetch_media(ref, limit=1000) == picture
    with pytest.raises(MediaTooLarge):
        await simulator.fetch_media(ref, limit=10)
    await tenant.send_json({"type": "photo", "chat": "group", "name": "x.jpg", "data": "%%%"})
    assert (await receive(tenant, "error"))["code"] == "bad_request"
    await tenant.close()
