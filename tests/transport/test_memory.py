"""The memory transport: what tests and benchmarks push in and read back."""

from __future__ import annotations

import asyncio

import pytest

from bot.chat import ChatKind, Delivery, Inbound, MemberJoin, Transport, TransportError
from bot.transport.memory import MemoryTransport, direct_message, group_message, member_join


class Handled:
    """A feed that takes a turn of the event loop before recording, like a real handler."""

    def __init__(self) -> None:
        self.events: list[Inbound | MemberJoin] = []

    async def __call__(self, event: Inbound | MemberJoin) -> None:
        await asyncio.sleep(0)
        self.events.append(event)


async def started() -> tuple[MemoryTransport, Handled]:
    transport, feed = MemoryTransport(), Handled()
    await transport.start(feed)
    return transport, feed


def test_it_is_a_transport() -> None:
    transport: Transport = MemoryTransport()
    assert transport.platform == "memory"


async def test_push_returns_once_the_message_is_handled() -> None:
    transport, feed = await started()
    message = group_message(
        "10幢漏水了", chat_id="room-shima-10", sender_id="wxid_a", sender_name="甲"
    )
    await transport.push(message)
    assert feed.events == [message]


async def test_push_before_start_is_refused() -> None:
    with pytest.raises(RuntimeError, match="before start"):
        await MemoryTransport().push(direct_message("hi", sender_id="wxid_a", sender_name="甲"))


async def test_start_twice_is_refused() -> None:
    transport, feed = await started()
    with pytest.raises(RuntimeError, match="already started"):
        await transport.start(feed)


async def test_sends_are_kept_in_order_and_taken_once() -> None:
    transport, _ = await started()
    first = Delivery(ChatKind.GROUP, "room-shima-10", "收到", mention_ids=("wxid_a",))
    second = Delivery(ChatKind.DIRECT, "wxid_leader", "请处理")
    await transport.send(first)
    await transport.send(second)
    assert transport.take_sent() == [first, second]
    assert transport.sent == []


async def test_an_outage_raises_and_records_nothing_until_it_ends() -> None:
    transport, _ = await started()
    delivery = Delivery(ChatKind.DIRECT, "wxid_leader", "请处理")
    transport.fail_sends = True
    with pytest.raises(TransportError):
        await transport.send(delivery)
    assert transport.sent == []
    transport.fail_sends = False
    await transport.send(delivery)
    assert transport.sent == [delivery]


async def test_sending_after_stop_fails() -> None:
    transport, _ = await started()
    await transport.stop()
    with pytest.raises(TransportError, match="not running"):
        await transport.send(Delivery(ChatKind.DIRECT, "wxid_leader", "请处理"))


def test_factories_build_group_and_direct_messages_with_fresh_ids() -> None:
    in_group = group_message(
        "@网格助手 漏水",
        chat_id="room-shima-10",
        sender_id="wxid_a",
        sender_name="甲",
        mentions=("wxid_gridbot",),
        mentions_bot=True,
    )
    direct = direct_message("你好", sender_id="wxid_b", sender_name="乙")
    assert (in_group.chat_kind, in_group.chat_id, in_group.mentions_bot) == (
        ChatKind.GROUP,
        "room-shima-10",
        True,
    )
    assert (direct.chat_kind, direct.chat_id, direct.sender_id) == (
        ChatKind.DIRECT,
        "wxid_b",
        "wxid_b",
    )
    assert in_group.message_id != direct.message_id
    assert in_group.timestamp.tzinfo is not None


def test_member_join_keeps_the_joining_order() -> None:
    join = member_join(chat_id="room-shima-10", members={"wxid_b": "乙", "wxid_a": "甲"})
    assert (join.member_ids, join.member_names) == (("wxid_b", "wxid_a"), ("乙", "甲"))
