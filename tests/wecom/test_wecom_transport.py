"""The WeCom client (bot/transport/wecom/) against the local robot service
(tests/wecom/server.py): subscribe, heartbeat, reconnect with backoff, callbacks, answers on
the callback's req_id, sends of its own, de-duplication, and a connection that drops."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from bot.chat import ChatKind, Delivery, Inbound, MemberJoin, NotConnected, TransportError
from bot.clock import SystemClock
from bot.transport.wecom.transport import WecomTransport
from tests.wecom.conftest import BOT_ID, SECRET
from tests.wecom.server import WecomEndpoint

GROUP = "wrkSFfCgAAgg8ZkP0QoWk2uQ"
WAIT = 20.0


class Inbox:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[Inbound] = asyncio.Queue()

    async def feed(self, event: Inbound | MemberJoin) -> None:
        assert isinstance(event, Inbound)
        await self.queue.put(event)

    async def next(self) -> Inbound:
        async with asyncio.timeout(WAIT):
            return await self.queue.get()


Client = Callable[..., WecomTransport]


@pytest.fixture
async def client(wecom: WecomEndpoint) -> AsyncIterator[Client]:
    made: list[WecomTransport] = []

    def make(**options: float | str) -> WecomTransport:
        settings: dict[str, float | str] = {
            "url": wecom.url,
            "bot_id": BOT_ID,
            "secret": SECRET,
            "heartbeat": 30.0,
            "retry_initial": 0.01,
            "retry_max": 0.05,
            "connect_timeout": WAIT,
            **options,
        }
        transport = WecomTransport(clock=SystemClock(), **settings)  # type: ignore[arg-type]
        made.append(transport)
        return transport

    yield make
    for transport in made:
        await transport.stop()


async def test_subscribes_hears_a_group_at_and_answers_on_its_req_id(
    wecom: WecomEndpoint, client: Client
) -> None:
    inbox, transport = Inbox(), client()
    await transport.start(inbox.feed)
    assert transport.logged_in and wecom.subscriptions == 1

    req = await wecom.say("daiguohua", "@梧桐小助手 3号楼302漏水", chat_id=GROUP)
    heard = await inbox.next()
    assert (heard.platform, heard.chat_kind, heard.chat_id) == ("wecom", ChatKind.GROUP, GROUP)
    assert (heard.sender_id, heard.mentions_bot) == ("daiguohua", True)
    assert heard.text == "@梧桐小助手 3号楼302漏水"

    await transport.send(Delivery(ChatKind.GROUP, GROUP, "已记录", ("daiguohua",)))
    answer = await wecom.next_sent()
    assert (answer.cmd, answer.answered, answer.chat_id) == ("aibot_respond_msg", req, GROUP)
    assert answer.text == "<@daiguohua> 已记录"
    # A second message to the group has no callback left to answer: sent on its own.
    await transport.send(Delivery(ChatKind.GROUP, GROUP, "另一条"))
    own = await wecom.next_sent()
    assert (own.cmd, own.chat_id, own.group, own.text) == ("aibot_send_msg", GROUP, True, "另一条")


async def test_a_direct_message_a_quote_and_a_send_to_a_person(
    wecom: WecomEndpoint, client: Client
) -> None:
    inbox, transport = Inbox(), client()
    await transport.start(inbox.feed)
    await transport.send(Delivery(ChatKind.DIRECT, "daiguohua", "新事件 #2026-0001"))
    assert (await wecom.next_sent()).cmd == "aibot_send_msg"

    await wecom.say("daiguohua", "收到", quote="新事件 #2026-0001")
    heard = await inbox.next()
    assert (heard.chat_kind, heard.chat_id, heard.text) == (ChatKind.DIRECT, "daiguohua", "收到")
    assert heard.quoted_text == "新事件 #2026-0001"
    await transport.send(Delivery(ChatKind.DIRECT, "daiguohua", "已接单"))
    assert (await wecom.next_sent()).cmd == "aibot_respond_msg"


async def test_voice_arrives_as_text_and_an_image_as_its_url(
    wecom: WecomEndpoint, client: Client
) -> None:
    inbox, transport = Inbox(), client()
    await transport.start(inbox.feed)
    await wecom.callback(
        "caimin", {"msgtype": "voice", "voice": {"content": "楼道灯坏了"}}, chat_id=GROUP
    )
    assert (await inbox.next()).text == "楼道灯坏了"
    url = "https://ww-aibot-img.example/abc?sign=x"
    await wecom.callback(
        "caimin", {"msgtype": "image", "image": {"url": url, "aeskey": "k"}}, chat_id=GROUP
    )
    photo = await inbox.next()
    assert (photo.text, photo.images) == ("", (url,))


async def test_a_repeated_callback_is_handed_on_once(wecom: WecomEndpoint, client: Client) -> None:
    inbox, transport = Inbox(), client()
    await transport.start(inbox.feed)
    await wecom.say("caimin", "@梧桐小助手 一", chat_id=GROUP, msgid="same-msgid")
    await wecom.say("caimin", "@梧桐小助手 一", chat_id=GROUP, msgid="same-msgid")
    await wecom.say("caimin", "@梧桐小助手 二", chat_id=GROUP)
    assert [(await inbox.next()).text for _ in range(2)] == ["@梧桐小助手 一", "@梧桐小助手 二"]


async def test_a_wrong_secret_is_refused_at_start(wecom: WecomEndpoint, client: Client) -> None:
    with pytest.raises(TransportError, match="refused robot aibWutongStaff01"):
        await client(secret="not-the-secret").start(Inbox().feed)


async def test_reconnects_after_a_drop_and_sends_again(
    wecom: WecomEndpoint, client: Client
) -> None:
    inbox, transport = Inbox(), client()
    await transport.start(inbox.feed)
    await wecom.drop()
    await wecom.subscribed(2)
    await _until(lambda: transport.logged_in)
    await transport.send(Delivery(ChatKind.DIRECT, "daiguohua", "一"))
    assert (await wecom.next_sent()).text == "一"
    await wecom.say("daiguohua", "好")
    assert (await inbox.next()).text == "好"


async def test_a_drop_mid_send_fails_the_send_so_it_is_sent_again(
    wecom: WecomEndpoint, client: Client
) -> None:
    transport = client()
    await transport.start(Inbox().feed)
    wecom.drop_on_next_send = True
    with pytest.raises(TransportError, match="it will be sent again"):
        await transport.send(Delivery(ChatKind.DIRECT, "daiguohua", "一"))
    await wecom.subscribed(2)
    await _until(lambda: transport.logged_in)
    await transport.send(Delivery(ChatKind.DIRECT, "daiguohua", "一"))
    assert [s.text for s in [await wecom.next_sent()]] == ["一"]


async def test_unanswered_pings_end_the_connection_and_it_comes_back(
    wecom: WecomEndpoint, client: Client
) -> None:
    transport = client(heartbeat=0.02)
    await transport.start(Inbox().feed)
    await _until(lambda: any(f.get("cmd") == "ping" for f in wecom.received))
    wecom.answer_pings = False  # the service stops answering: a dead connection
    await wecom.subscribed(2)
    await _until(lambda: transport.connects >= 2)


async def test_an_answer_the_service_no_longer_takes_goes_out_on_its_own(
    wecom: WecomEndpoint, client: Client
) -> None:
    inbox, transport = Inbox(), client()
    await transport.start(inbox.feed)
    await wecom.say("daiguohua", "待办")
    await inbox.next()
    wecom.refuse_next_send = (846605, "invalid req_id")
    await transport.send(Delivery(ChatKind.DIRECT, "daiguohua", "你的待办"))
    sent = await wecom.next_sent()
    assert (sent.cmd, sent.text) == ("aibot_send_msg", "你的待办")


async def test_a_rate_limited_send_fails_for_the_outbox_to_retry(
    wecom: WecomEndpoint, client: Client
) -> None:
    transport = client()
    await transport.start(Inbox().feed)
    wecom.refuse_next_send = (45009, "api freq out of limit")
    with pytest.raises(TransportError, match="45009"):
        await transport.send(Delivery(ChatKind.GROUP, GROUP, "一"))


async def test_another_connection_taking_the_robot_stops_reconnecting(
    wecom: WecomEndpoint, client: Client
) -> None:
    transport = client()
    await transport.start(Inbox().feed)
    await wecom.kick()
    await _until(lambda: not transport.logged_in)
    with pytest.raises(NotConnected, match="another connection subscribed"):
        await transport.send(Delivery(ChatKind.DIRECT, "daiguohua", "一"))
    assert wecom.subscriptions == 1


async def _until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(WAIT):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
