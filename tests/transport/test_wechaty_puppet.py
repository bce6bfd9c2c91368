"""The Wechaty transport against a real puppet service (Node) over a mock WeChat."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator

import pytest

from bot.chat import ChatKind, Delivery, Inbound, MemberJoin, TransportError
from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from bot.transport.wechaty.transport import WechatyTransport
from tests.puppet_fixture import BOT_ID, NEWCOMER, MockWeChat, Sent

pytestmark = pytest.mark.puppet

ROOM, TOPIC = "room-shima-10", "石马10幢房东群"
TENANT, TENANT_NAME = "wxid_chenjing", "陈静"
LANDLORD, LANDLORD_NAME = "wxid_wangjianguo", "王建国"


class Feed:
    def __init__(self) -> None:
        self.events: asyncio.Queue[Inbound | MemberJoin] = asyncio.Queue()

    async def __call__(self, event: Inbound | MemberJoin) -> None:
        await self.events.put(event)

    async def next(self) -> Inbound | MemberJoin:
        async with asyncio.timeout(10):
            return await self.events.get()

    async def next_message(self) -> Inbound:
        event = await self.next()
        assert isinstance(event, Inbound), event
        return event


async def until(transport: WechatyTransport, *, logged_in: bool) -> None:
    async with asyncio.timeout(10):
        await transport.wait_until(logged_in=logged_in)


@pytest.fixture
async def feed() -> Feed:
    return Feed()


@pytest.fixture
async def transport(mock_wechat: MockWeChat, feed: Feed) -> AsyncIterator[WechatyTransport]:
    transport = WechatyTransport(
        endpoint=mock_wechat.endpoint, token=mock_wechat.token, login_timeout=10, retry_initial=0.1
    )
    await transport.start(feed)
    yield transport
    await transport.stop()


async def test_a_group_message_arrives_with_sender_room_and_mentions(
    mock_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    message_id = await mock_wechat.say_in_room(
        ROOM, TENANT, "10幢2单元漏水了", mentions=(mock_wechat.bot_id, LANDLORD)
    )
    message = await feed.next_message()
    assert (message.platform, message.message_id, message.text) == (
        "wechat",
        message_id,
        "10幢2单元漏水了",
    )
    assert (message.chat_kind, message.chat_id, message.chat_topic) == (ChatKind.GROUP, ROOM, TOPIC)
    assert (message.sender_id, message.sender_name) == (TENANT, TENANT_NAME)
    assert message.mentions == (mock_wechat.bot_id, LANDLORD)
    assert message.mentions_bot


async def test_a_direct_message_arrives_as_a_chat_with_its_sender(
    mock_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    await mock_wechat.say_to_bot(LANDLORD, "今天的报修有哪些")
    message = await feed.next_message()
    assert (message.chat_kind, message.chat_id, message.sender_id, message.sender_name) == (
        ChatKind.DIRECT,
        LANDLORD,
        LANDLORD,
        LANDLORD_NAME,
    )
    assert not message.mentions_bot


async def test_messages_arrive_in_the_order_they_were_said(
    mock_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    texts = [f"第{n}条" for n in range(1, 9)]
    for text in texts:
        await mock_wechat.say_in_room(ROOM, TENANT, text)
    assert [(await feed.next_message()).text for _ in texts] == texts


async def test_a_quoted_reply_keeps_the_quote_apart(
    mock_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    quoted = "「王建国：明天上午师傅上门」\n- - - - - - - - - - - - - - -\n好的"
    await mock_wechat.say_in_room(ROOM, TENANT, quoted)
    message = await feed.next_message()
    assert (message.text, message.quoted_text) == ("好的", "明天上午师傅上门")


async def test_a_group_reply_with_a_mention_and_a_direct_message_reach_wechat(
    mock_wechat: MockWeChat, transport: WechatyTransport
) -> None:
    await transport.send(Delivery(ChatKind.GROUP, ROOM, "已转给房东", mention_ids=(TENANT,)))
    await transport.send(Delivery(ChatKind.DIRECT, LANDLORD, "10幢2单元漏水，请处理"))
    assert await mock_wechat.next_sent() == Sent(
        ROOM, None, f"@{TENANT_NAME}{MENTION_SEPARATOR}已转给房东", (TENANT,)
    )
    assert await mock_wechat.next_sent() == Sent(None, LANDLORD, "10幢2单元漏水，请处理", ())


async def test_the_bots_own_messages_are_not_fed_back(
    mock_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    await transport.send(Delivery(ChatKind.GROUP, ROOM, "收到"))
    await mock_wechat.next_sent()
    # WeChat echoes the bot's message before this one; the feed keeps WeChat's order.
    await mock_wechat.say_in_room(ROOM, TENANT, "谢谢")
    message = await feed.next_message()
    assert (message.sender_id, message.text) == (TENANT, "谢谢")


async def test_a_room_join_becomes_member_join(
    mock_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    await mock_wechat.join_room(ROOM, (NEWCOMER[0],), inviter_id=LANDLORD)
    join = await feed.next()
    assert isinstance(join, MemberJoin)
    assert (join.chat_id, join.chat_topic, join.member_ids, join.member_names) == (
        ROOM,
        TOPIC,
        (NEWCOMER[0],),
        (NEWCOMER[1],),
    )
    assert not join.bot_joined


async def test_the_bot_invited_into_a_group_is_a_join_without_itself(
    mock_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    room = f"room-invite-{uuid.uuid4().hex[:8]}@chatroom"
    await mock_wechat.create_room(room, "新房东群", (LANDLORD, TENANT))
    await mock_wechat.join_room(room, (BOT_ID,), inviter_id=LANDLORD)
    alone = await feed.next()
    assert isinstance(alone, MemberJoin)
    assert (alone.chat_id, alone.chat_topic, alone.member_ids, alone.bot_joined) == (
        room,
        "新房东群",
        (),
        True,
    )

    other = f"room-invite-{uuid.uuid4().hex[:8]}@chatroom"
    await mock_wechat.create_room(other, "另一个群", (LANDLORD,))
    await mock_wechat.join_room(other, (BOT_ID, NEWCOMER[0]), inviter_id=LANDLORD)
    together = await feed.next()
    assert isinstance(together, MemberJoin)
    assert (together.member_ids, together.member_names, together.bot_joined) == (
        (NEWCOMER[0],),
        (NEWCOMER[1],),
        True,
    )


async def test_a_wrong_token_fails_start_with_a_clear_message(mock_wechat: MockWeChat) -> None:
    transport = WechatyTransport(
        endpoint=mock_wechat.endpoint, token="not-the-token", login_timeout=2, retry_initial=0.1
    )
    with pytest.raises(TransportError) as failure:
        await transport.start(Feed())
    assert str(failure.value) == (
        f"cannot log in to the Wechaty puppet service at {mock_wechat.endpoint} within 2 s: "
        "the puppet service rejected the token"
    )
    assert not transport.logged_in


async def test_an_unreachable_endpoint_fails_start_with_a_clear_message() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        endpoint = f"127.0.0.1:{probe.getsockname()[1]}"
    transport = WechatyTransport(endpoint=endpoint, token="t", login_timeout=2, retry_initial=0.1)
    with pytest.raises(TransportError) as failure:
        await transport.start(Feed())
    assert str(failure.value) == (
        f"cannot log in to the Wechaty puppet service at {endpoint} within 2 s: connection refused"
    )


async def test_a_dropped_connection_is_logged_fails_sends_and_recovers(
    mock_wechat: MockWeChat,
    transport: WechatyTransport,
    feed: Feed,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await mock_wechat.stop_service()
    await until(transport, logged_in=False)
    assert f"lost the Wechaty puppet service at {mock_wechat.endpoint}" in caplog.text
    with pytest.raises(TransportError, match="not logged in"):
        await transport.send(Delivery(ChatKind.DIRECT, LANDLORD, "停机期间"))

    await mock_wechat.start_service()
    await until(transport, logged_in=True)
    await transport.send(Delivery(ChatKind.DIRECT, LANDLORD, "恢复之后"))
    assert await mock_wechat.next_sent() == Sent(None, LANDLORD, "恢复之后", ())
    await mock_wechat.say_in_room(ROOM, TENANT, "又能收到了")
    assert (await feed.next_message()).text == "又能收到了"
