"""The whole bot through a real Wechaty puppet service: dispatch, delivery, redelivery,
a crashing handler, an outage while sending and a restart with messages still pending.

Each test runs on SQLite and PostgreSQL; the bot is `build_app` with a WechatyTransport
connected to the mock WeChat and the probe router of conftest.py.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.chat import ChatKind, Delivery, Inbound
from bot.dispatch.participants import Chat
from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from bot.transport.wechaty.transport import WechatyTransport
from models.messaging import OutboxStatus
from tests.puppet_fixture import MockWeChat, Sent

from .conftest import (
    ENGLISH_TENANT,
    LANDLORD,
    ROOM,
    TENANT,
    TENANT_NAME,
    TOPIC,
    WAIT,
    Launch,
    PuppetBot,
    eventually,
    until_logged,
)

pytestmark = pytest.mark.puppet

AT_TENANT = f"@{TENANT_NAME}{MENTION_SEPARATOR}"


def from_tenant_in_room(text: str, message_id: str) -> Inbound:
    """A room message as the Wechaty transport would feed it (for messages the test
    produces while WeChat is unreachable)."""
    return Inbound(
        platform="wechat",
        message_id=message_id,
        chat_id=ROOM,
        chat_kind=ChatKind.GROUP,
        sender_id=TENANT,
        sender_name=TENANT_NAME,
        text=text,
        timestamp=datetime.now(UTC),
        chat_topic=TOPIC,
    )


class HangingSends(WechatyTransport):
    """A send that never finishes (WeChat stalls), so a stop lands in the middle of it."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.in_flight = asyncio.Event()

    async def send(self, delivery: Delivery) -> None:
        self.in_flight.set()
        await asyncio.Event().wait()


async def heads_failed(bot: PuppetBot) -> bool:
    """The sender has tried the room's first message and failed."""
    rows = await bot.outbox()
    return bool(rows) and rows[0].last_error is not None


async def produce_during_outage(bot: PuppetBot, mock_wechat: MockWeChat, texts: list[str]) -> None:
    await mock_wechat.stop_service()
    await until_logged(bot.transport, logged_in=False)
    for number, text in enumerate(texts):
        await bot.app.feed(from_tenant_in_room(text, f"during-outage-{number}"))
    await eventually(lambda: heads_failed(bot), "the sender tried the first reply and failed")


async def test_a_group_message_reaches_its_handler_with_sender_chat_topic_and_mentions(
    mock_wechat: MockWeChat, launch: Launch
) -> None:
    bot = await launch()

    message_id = await mock_wechat.say_in_room(
        ROOM, TENANT, "@网格助手 @王建国 楼上漏水", mentions=(mock_wechat.bot_id, LANDLORD)
    )
    seen = await bot.probe.next()

    assert seen.handler == "acknowledge"
    assert (seen.inbound.platform, seen.inbound.message_id) == ("wechat", message_id)
    assert (seen.sender.contact_id, seen.sender.name, seen.sender.lang) == (
        TENANT,
        TENANT_NAME,
        "zh",
    )
    assert seen.sender.person is not None and seen.sender.person.key == "chen-jing"
    assert seen.chat == Chat(ROOM, ChatKind.GROUP, TOPIC)
    assert seen.mentions == (mock_wechat.bot_id, LANDLORD)
    assert seen.inbound.mentions_bot
    await mock_wechat.next_sent()  # the handler's transaction has committed
    [logged] = await bot.inbound_log()
    assert (logged.message_id, logged.chat_id, logged.outcome) == (message_id, ROOM, "handled")


async def test_a_group_reply_mentions_the_sender_and_a_direct_message_reaches_the_landlord(
    mock_wechat: MockWeChat, launch: Launch
) -> None:
    await launch()

    await mock_wechat.say_in_room(ROOM, TENANT, "转告房东明天上午停水")

    assert await mock_wechat.next_sent() == Sent(
        ROOM, None, f"{AT_TENANT}收到，{TENANT_NAME}：已转告", (TENANT,)
    )
    assert await mock_wechat.next_sent() == Sent(
        None, LANDLORD, f"{TENANT_NAME}在群里转告：房东明天上午停水", ()
    )


async def test_a_direct_message_is_answered_directly_in_the_senders_language(
    mock_wechat: MockWeChat, launch: Launch
) -> None:
    bot = await launch()

    await mock_wechat.say_to_bot(ENGLISH_TENANT, "is the water back?")

    seen = await bot.probe.next()
    assert (seen.handler, seen.chat) == ("direct", Chat(ENGLISH_TENANT, ChatKind.DIRECT, None))
    assert await mock_wechat.next_sent() == Sent(
        None, ENGLISH_TENANT, "Got it, Nattapong Srisuk: is the water back?", ()
    )


async def test_a_redelivered_message_is_handled_and_answered_once(
    mock_wechat: MockWeChat, launch: Launch
) -> None:
    bot = await launch()
    message_id = await mock_wechat.say_in_room(ROOM, TENANT, "有人吗")
    delivered = (await bot.probe.next()).inbound
    assert (await mock_wechat.next_sent()).text == f"{AT_TENANT}收到，{TENANT_NAME}：有人吗"

    await bot.app.feed(delivered)  # the platform delivers the same message again
    second_id = await mock_wechat.say_in_room(ROOM, TENANT, "第二条")

    # Replies leave in order, so a second answer to the first would come before this one.
    assert (await mock_wechat.next_sent()).text == f"{AT_TENANT}收到，{TENANT_NAME}：第二条"
    assert [seen.inbound.text for seen in bot.probe.seen] == ["有人吗", "第二条"]
    assert [row.message_id for row in await bot.inbound_log()] == [message_id, second_id]
    assert len(await bot.outbox()) == 2


async def test_a_crashing_handler_gets_the_sender_a_polite_error_and_the_bot_keeps_going(
    mock_wechat: MockWeChat, launch: Launch, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await launch()

    with caplog.at_level(logging.ERROR, logger="bot.dispatch.pipeline"):
        crash_id = await mock_wechat.say_in_room(ROOM, TENANT, "崩溃吧")
        apology = await mock_wechat.next_sent()
    await mock_wechat.say_in_room(ROOM, TENANT, "还在吗")
    answer = await mock_wechat.next_sent()

    assert (apology.room_id, apology.to_id, apology.mention_ids) == (ROOM, None, (TENANT,))
    assert apology.text.startswith(f"{AT_TENANT}抱歉，处理您的消息时出了点问题")
    assert f"（编号 {crash_id}）" in apology.text
    assert answer == Sent(ROOM, None, f"{AT_TENANT}收到，{TENANT_NAME}：还在吗", (TENANT,))
    assert any(f"wechat:{crash_id}" in r.getMessage() and r.exc_info for r in caplog.records)
    crashed, handled = await bot.inbound_log()
    assert (crashed.message_id, crashed.outcome) == (crash_id, "failed")
    assert "crashed on purpose" in (crashed.error or "")
    assert handled.outcome == "handled"


async def test_replies_made_during_an_outage_wait_in_the_outbox_and_go_out_in_order(
    mock_wechat: MockWeChat, launch: Launch
) -> None:
    bot = await launch()
    texts = ["停机时第一条", "停机时第二条", "停机时第三条"]

    await produce_during_outage(bot, mock_wechat, texts)

    rows = await bot.outbox()
    assert [row.status for row in rows] == [OutboxStatus.PENDING] * 3
    assert "not logged in" in (rows[0].last_error or "")
    assert [row.attempts for row in rows[1:]] == [0, 0]  # held back behind the room's first
    assert mock_wechat.sent == []

    await mock_wechat.start_service()
    await until_logged(bot.transport, logged_in=True)
    await mock_wechat.say_in_room(ROOM, TENANT, "恢复后")  # its reply queues behind the backlog

    sent = [(await mock_wechat.next_sent()).text for _ in range(4)]
    assert sent == [f"{AT_TENANT}收到，{TENANT_NAME}：{text}" for text in [*texts, "恢复后"]]

    async def all_sent() -> bool:
        return all(row.status is OutboxStatus.SENT for row in await bot.outbox())

    await eventually(all_sent, "every outbox row marked sent")


async def test_a_restarted_bot_delivers_what_was_pending_when_it_stopped(
    mock_wechat: MockWeChat, launch: Launch
) -> None:
    first = await launch()
    texts = ["重启前第一条", "重启前第二条"]
    await produce_during_outage(first, mock_wechat, texts)
    await first.app.stop()
    assert [row.status for row in await first.outbox()] == [OutboxStatus.PENDING] * 2

    await mock_wechat.start_service()
    second = await launch()  # a new App and transport on the same database

    sent = [await mock_wechat.next_sent() for _ in texts]
    assert sent == [
        Sent(ROOM, None, f"{AT_TENANT}收到，{TENANT_NAME}：{text}", (TENANT,)) for text in texts
    ]
    assert second.probe.seen == []  # nothing was handled again: only delivered


async def test_a_bot_stopped_in_the_middle_of_a_send_leaves_nothing_held_back(
    mock_wechat: MockWeChat, launch: Launch
) -> None:
    first = await launch(HangingSends)
    assert isinstance(first.transport, HangingSends)
    await mock_wechat.say_in_room(ROOM, TENANT, "转告房东明天上午停水")  # a reply and a relay
    async with asyncio.timeout(WAIT):
        await first.transport.in_flight.wait()
    await first.app.stop()  # SIGTERM while the reply is being sent

    await launch()

    # Both were claimed (leased) by the first bot; the next one sends them without
    # waiting for the lease (OutboxPolicy.lease, 5 min) to run out.
    first_sent, second_sent = await mock_wechat.next_sent(), await mock_wechat.next_sent()
    assert (first_sent.room_id, second_sent.to_id) == (ROOM, LANDLORD)
