"""Puppet payloads to GridBot messages, without a puppet service."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bot.chat import ChatKind, MediaKind, MediaRef
from bot.transport.wechaty.mapping import (
    RawMessage,
    mentions_name,
    message_time,
    split_invitees,
    split_quote,
    to_inbound,
    to_member_join,
)
from bot.transport.wechaty.mentions import MENTION_SEPARATOR, WECHAT_MENTIONS

QUOTED = "「王建国：明天上午师傅上门」\n- - - - - - - - - - - - - - -\n好的，我在家"


def raw(text: str, *, room_id: str = "", mention_ids: tuple[str, ...] = ()) -> RawMessage:
    return RawMessage(
        message_id="m1",
        text=text,
        timestamp=1_764_000_000_000,
        talker_id="wxid_chenjing",
        room_id=room_id,
        listener_id="" if room_id else "wxid_gridbot",
        mention_ids=mention_ids,
    )


def test_seconds_and_milliseconds_are_the_same_moment() -> None:
    moment = datetime(2025, 11, 24, 16, 0, tzinfo=UTC)
    assert message_time(1_764_000_000) == message_time(1_764_000_000_000) == moment


def test_a_quoted_reply_splits_into_reply_and_quote() -> None:
    quote = split_quote(QUOTED)
    assert quote is not None
    assert (quote.reply, quote.quoted_text, quote.quoted_name) == (
        "好的，我在家",
        "明天上午师傅上门",
        "王建国",
    )


def test_text_that_only_looks_like_a_quote_is_left_alone() -> None:
    assert split_quote("「通知」明天停水") is None
    assert split_quote("王建国：明天上午师傅上门\n好的") is None


def test_a_mention_is_the_name_followed_by_a_gap_or_the_end() -> None:
    assert mentions_name(f"@网格助手{MENTION_SEPARATOR}10幢漏水", "网格助手")
    assert mentions_name("请 @网格助手", "网格助手")
    assert not mentions_name("@网格助手们 好", "网格助手")
    assert not mentions_name("@ 10幢", "")


def test_mentions_are_written_before_the_text() -> None:
    assert (
        WECHAT_MENTIONS.written("请处理", ["王建国", "陈静"])
        == f"@王建国{MENTION_SEPARATOR}@陈静{MENTION_SEPARATOR}请处理"
    )


def test_a_group_message_names_its_room_and_whether_the_bot_is_mentioned() -> None:
    message = to_inbound(
        raw("10幢漏水", room_id="room-shima-10", mention_ids=("wxid_gridbot", "wxid_wang")),
        sender_name="陈静",
        chat_topic="石马10幢房东群",
        bot_id="wxid_gridbot",
        bot_name="网格助手",
    )
    assert (message.chat_kind, message.chat_id, message.chat_topic) == (
        ChatKind.GROUP,
        "room-shima-10",
        "石马10幢房东群",
    )
    assert message.mentions == ("wxid_gridbot", "wxid_wang")
    assert message.mentions_bot


def test_a_written_mention_counts_when_the_puppet_gives_no_ids() -> None:
    message = to_inbound(
        raw(f"@网格助手{MENTION_SEPARATOR}漏水", room_id="room-shima-10"),
        sender_name="陈静",
        chat_topic=None,
        bot_id="wxid_gridbot",
        bot_name="网格助手",
    )
    assert message.mentions_bot and message.mentions == ()


def test_a_direct_message_is_a_chat_with_its_sender() -> None:
    message = to_inbound(
        raw("你好"), sender_name="陈静", chat_topic=None, bot_id="wxid_gridbot", bot_name="网格助手"
    )
    assert (message.chat_kind, message.chat_id, message.sender_id) == (
        ChatKind.DIRECT,
        "wxid_chenjing",
        "wxid_chenjing",
    )
    assert not message.mentions_bot


def test_a_quoted_reply_keeps_the_quote_apart_from_the_text() -> None:
    message = to_inbound(
        raw(QUOTED, room_id="room-shima-10"),
        sender_name="陈静",
        chat_topic=None,
        bot_id="wxid_gridbot",
        bot_name="网格助手",
    )
    assert (message.text, message.quoted_text) == ("好的，我在家", "明天上午师傅上门")


def test_an_image_message_has_no_text_and_carries_its_reference() -> None:
    """Some providers put XML in an image's text (and a quote-like one would be split):
    none of it is something a person wrote."""
    image = (MediaRef(MediaKind.IMAGE, "m1"),)
    message = to_inbound(
        dataclasses.replace(raw(QUOTED + '<img cdnurl="…"/>', room_id="r"), media=image),
        sender_name="陈静",
        chat_topic=None,
        bot_id="wxid_gridbot",
        bot_name="网格助手",
    )
    assert (message.text, message.quoted_text, message.media) == ("", None, image)


def test_member_join_lists_ids_and_names_alike() -> None:
    join = to_member_join(
        room_id="room-shima-10",
        topic="石马10幢房东群",
        members=[("wxid_a", "甲"), ("wxid_b", "乙")],
        timestamp=1_764_000_000,
    )
    assert (join.chat_id, join.member_ids, join.member_names, join.platform) == (
        "room-shima-10",
        ("wxid_a", "wxid_b"),
        ("甲", "乙"),
        "wechat",
    )


def test_the_bot_among_the_invitees_is_told_apart_from_the_people() -> None:
    bot = "wxid_gridbot"
    assert split_invitees(["wxid_a", bot, "wxid_b"], bot_id=bot) == (["wxid_a", "wxid_b"], True)
    assert split_invitees([bot], bot_id=bot) == ([], True)
    assert split_invitees(["wxid_a"], bot_id=bot) == (["wxid_a"], False)


def test_the_bot_invited_alone_is_a_join_with_no_members() -> None:
    join = to_member_join(
        room_id="room-new", topic="新群", members=[], timestamp=1_764_000_000, bot_joined=True
    )
    assert (join.member_ids, join.member_names, join.bot_joined) == ((), (), True)
    assert not to_member_join(
        room_id="room-new", topic=None, members=[("wxid_a", "甲")], timestamp=0
    ).bot_joined
