"""A message with a lone surrogate (a cut emoji): the Node service writes it as bytes that are
not UTF-8. It is read with U+FFFD in that place, at once, and holds up nothing after it."""

from __future__ import annotations

import logging

import pytest
from grpclib.const import Status
from grpclib.exceptions import GRPCError, StreamTerminatedError
from wechaty_grpc.wechaty.puppet import MessagePayloadResponse

from bot.transport.wechaty.mapping import is_transient
from bot.transport.wechaty.transport import WechatyTransport, _lenient
from tests.mock_wechat import MockWeChat
from tests.street import Street
from tests.street_fixture import StreetBot

from .conftest import Feed

LIN = "wxid_linxiao"
CUT_EMOJI = "\ud83d"  # the first half of 😀, as WeChat clips a long message


@pytest.mark.puppet
async def test_a_cut_emoji_is_read_as_a_replacement_and_the_next_message_follows(
    street: Street,
    street_wechat: MockWeChat,
    transport: WechatyTransport,
    feed: Feed,
    caplog: pytest.LogCaptureFixture,
) -> None:
    qs3 = street.room_of("qs-3").id
    with caplog.at_level(logging.WARNING, logger="bot.transport"):
        await street_wechat.say_in_room(qs3, LIN, f"漏水了{CUT_EMOJI}")
        await street_wechat.say_in_room(qs3, LIN, "a\ude00b")  # a lone second half
        await street_wechat.say_in_room(qs3, LIN, "第二条")
        texts = [(await feed.message()).text for _ in range(3)]

    assert texts == ["漏水了\ufffd", "a\ufffdb", "第二条"]
    assert caplog.records == []  # read the first time: no retries, nothing given up


@pytest.mark.puppet
async def test_a_nickname_with_a_cut_emoji_is_read_too(
    street: Street, street_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    qs3 = street.room_of("qs-3").id
    await street_wechat.set_room_alias(qs3, LIN, f"3号楼301-林晓{CUT_EMOJI}")
    await street_wechat.say_in_room(qs3, LIN, "你好")
    assert (await feed.message()).sender_name == "3号楼301-林晓\ufffd"


@pytest.mark.puppet
async def test_a_report_with_a_cut_emoji_is_stored_and_answered(
    street: Street, street_bot: StreetBot
) -> None:
    room = await street_bot.bind("qs-3")
    await street_bot.link("dai-guohua")
    await street_bot.wechat.say_in_room(room, LIN, f"3号楼301卫生间漏水了{CUT_EMOJI}")
    group, direct = await street_bot.sent(2)
    assert "【漏水】清水湾3号楼301室" in group.text
    assert "原文：“3号楼301卫生间漏水了\ufffd”" in direct.text


def test_the_payload_as_the_node_service_writes_it_decodes_with_one_replacement() -> None:
    # Field 3 (text): "漏" and a lone high surrogate as the service's protobuf writer
    # (google-protobuf, Node) writes it: ED A0 BD, measured; then field 6 (the talker).
    text = "漏".encode() + b"\xed\xa0\xbd"
    wire = b"\x1a" + bytes([len(text)]) + text + b"\x32\x0cwxid_linxiao"
    with pytest.raises(UnicodeDecodeError):
        MessagePayloadResponse().parse(wire)  # what the client did: the message was lost
    payload = _lenient(MessagePayloadResponse)().parse(wire)
    assert (payload.text, payload.from_id) == ("漏\ufffd", "wxid_linxiao")


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (StreamTerminatedError("gone"), True),
        (ConnectionResetError(), True),
        (TimeoutError(), True),
        (GRPCError(Status.UNAVAILABLE, "restarting"), True),
        (GRPCError(Status.UNKNOWN, "message not found"), False),
        (GRPCError(Status.INTERNAL, "payload rejected"), False),
        (UnicodeDecodeError("utf-8", b"\xed", 0, 1, "invalid"), False),
    ],
)
def test_only_a_dropped_connection_is_worth_reading_again(
    error: BaseException, transient: bool
) -> None:
    assert is_transient(error) is transient
