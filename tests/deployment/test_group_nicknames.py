"""Group nicknames on WeChat: the Wechaty transport names a group member as the group shows
them (their room alias, else their WeChat name), follows renames, and the bot reads the
room a nickname gives, over the real puppet service of 梧桐街道."""

from __future__ import annotations

import pytest

from bot.chat import ChatKind, Delivery
from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from bot.transport.wechaty.transport import WechatyTransport
from tests.mock_wechat import MockWeChat, Sent
from tests.street import Street
from tests.street_fixture import StreetBot

from .conftest import Feed

pytestmark = pytest.mark.puppet

LIN = "wxid_linxiao"  # not in the directory; WeChat name 林, nickname 3号楼2单元301-林晓 in qs-3


async def test_a_member_is_named_by_their_group_nickname_else_their_wechat_name(
    street: Street, street_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    qs3 = street.room_of("qs-3").id
    cai_min = street.contact("cai-min")

    await street_wechat.say_in_room(qs3, LIN, "楼道灯坏了")
    await street_wechat.say_in_room(qs3, cai_min, "收到")
    await street_wechat.say_to_bot(LIN, "你好")

    nicknamed, plain, direct = [await feed.message() for _ in range(3)]
    assert (nicknamed.sender_id, nicknamed.sender_name) == (LIN, "3号楼2单元301-林晓")
    assert (plain.sender_id, plain.sender_name) == (cai_min, "蔡敏")
    assert (direct.chat_kind, direct.sender_name) == (ChatKind.DIRECT, "林")


async def test_a_nickname_is_per_group(
    street: Street, street_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    cai_min = street.contact("cai-min")
    qs3, qs7 = street.room_of("qs-3").id, street.room_of("qs-7").id
    await street_wechat.set_room_alias(qs7, cai_min, "网格员蔡敏")

    await street_wechat.say_in_room(qs3, cai_min, "一")
    await street_wechat.say_in_room(qs7, cai_min, "二")

    assert [(await feed.message()).sender_name for _ in range(2)] == ["蔡敏", "网格员蔡敏"]


async def test_a_renamed_member_is_named_anew_at_once(
    street: Street, street_wechat: MockWeChat, transport: WechatyTransport, feed: Feed
) -> None:
    qs3 = street.room_of("qs-3").id
    await street_wechat.say_in_room(qs3, LIN, "第一条")
    assert (await feed.message()).sender_name == "3号楼2单元301-林晓"  # now remembered

    await street_wechat.set_room_alias(qs3, LIN, "3号楼401-林晓")
    await street_wechat.say_in_room(qs3, LIN, "搬到401了")
    assert (await feed.message()).sender_name == "3号楼401-林晓"
    await street_wechat.set_room_alias(qs3, LIN, "")
    await street_wechat.say_in_room(qs3, LIN, "昵称删了")
    assert (await feed.message()).sender_name == "林"


async def test_a_reply_mentions_a_member_by_their_group_nickname(
    street: Street, street_wechat: MockWeChat, transport: WechatyTransport
) -> None:
    qs3 = street.room_of("qs-3").id
    await transport.send(Delivery(ChatKind.GROUP, qs3, "收到", mention_ids=(LIN,)))
    assert await street_wechat.next_sent() == Sent(
        qs3, None, f"@3号楼2单元301-林晓{MENTION_SEPARATOR}收到", (LIN,)
    )


async def test_without_a_rename_event_a_nickname_is_read_again_after_its_time(
    street: Street, street_wechat: MockWeChat, feed: Feed
) -> None:
    """Services that never say a member changed: the remembered nickname expires."""
    transport = WechatyTransport(
        endpoint=street_wechat.endpoint, token=street_wechat.token, login_timeout=10
    )
    transport._reader._alias_ttl = 0.0  # every read asks the service again
    await transport.start(feed)
    try:
        qs3 = street.room_of("qs-3").id
        await street_wechat.say_in_room(qs3, LIN, "一")
        assert (await feed.message()).sender_name == "3号楼2单元301-林晓"
        transport._reader._aliases.clear()  # as if the rename event were lost...
        transport._reader._aliases[qs3] = {LIN: ("过时的昵称", 0.0)}  # ...and this expired
        await street_wechat.say_in_room(qs3, LIN, "二")
        assert (await feed.message()).sender_name == "3号楼2单元301-林晓"
    finally:
        await transport.stop()


async def test_a_nickname_gives_the_room_of_a_report_that_names_none(
    street: Street, street_bot: StreetBot
) -> None:
    room = await street_bot.bind("qs-3")
    await street_bot.link("dai-guohua")

    await street_bot.wechat.say_in_room(room, LIN, "卫生间漏水了，快来看看")

    group, direct = await street_bot.sent(2)
    assert group.room_id == room and group.mention_ids == (LIN,)
    assert group.text.startswith(f"@3号楼2单元301-林晓{MENTION_SEPARATOR}已登记 #")
    assert "【漏水】清水湾3号楼301室" in group.text
    assert direct.to_id == street.contact("dai-guohua")
    assert "位置：清水湾3号楼301室" in direct.text
    assert "报告人：3号楼2单元301-林晓" in direct.text


async def test_a_renamed_member_reports_from_their_new_room(
    street: Street, street_bot: StreetBot
) -> None:
    room = await street_bot.bind("qs-3")
    await street_bot.link("dai-guohua")
    await street_bot.wechat.say_in_room(room, LIN, "大家好")  # known now, in 301
    await street_bot.wechat.set_room_alias(room, LIN, "3号楼402-林晓")

    await street_bot.wechat.say_in_room(room, LIN, "门锁坏了")

    group, _ = await street_bot.sent(2)
    assert "清水湾3号楼402室" in group.text
