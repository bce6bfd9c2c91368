"""Reading the robot's recorded callbacks (tests/wecom/frames/) into GridBot's messages,
and the frames the client writes having the recorded shapes."""

from __future__ import annotations

from bot.transport.wecom import frames
from tests.wecom.server import example, shape


def test_a_group_message_is_its_groups_and_keeps_the_at_in_the_text() -> None:
    message = frames.message(example("msg_callback_group_text"))
    assert message is not None
    assert (message.group, message.chat_id, message.sender_id) == (
        True,
        "wrkSFfCgAAgg8ZkP0QoWk2uQ",
        "daiguohua",
    )
    assert message.text == "@梧桐小助手 清水湾3号楼302卫生间漏水"
    assert message.req_id == "Xk3bP0aQyTmKq8vL"


def test_a_direct_message_is_the_senders_chat() -> None:
    message = frames.message(example("msg_callback_single_text"))
    assert message is not None and (message.group, message.chat_id) == (False, "daiguohua")


def test_a_quote_voice_image_and_mixed_message() -> None:
    quoted = frames.message(example("msg_callback_quote"))
    assert quoted is not None and quoted.text == "收到"
    assert quoted.quoted_text == "新事件 #2026-0001【漏水】清水湾3号楼302：卫生间漏水"
    voice = frames.message(example("msg_callback_voice"))
    assert voice is not None and voice.text == "3号楼楼道的灯坏了"  # WeCom's transcript
    image = frames.message(example("msg_callback_image"))
    assert image is not None and image.text == ""
    assert image.images == (example("msg_callback_image")["body"]["image"]["url"],)
    mixed = frames.message(example("msg_callback_mixed"))
    assert mixed is not None and mixed.text == "@梧桐小助手 3号楼门口垃圾堆了两天"
    assert len(mixed.images) == 1


def test_events_are_not_messages() -> None:
    assert frames.event_type(example("event_enter_chat")) == "enter_chat"
    assert frames.event_type(example("event_disconnected")) == "disconnected_event"
    assert frames.message({"cmd": frames.MESSAGE, "headers": {"req_id": "r"}, "body": {}}) is None


def test_the_client_writes_the_recorded_shapes() -> None:
    assert shape(frames.subscribe("aib", "s")) == shape(example("subscribe"))
    assert shape(frames.ping()) == shape(example("ping"))
    assert shape(frames.respond("Xk3b", "好")) == shape(example("respond_msg"))
    assert shape(frames.send("daiguohua", "好")) == shape(example("send_msg"))
    assert frames.subscribe("aib", "s")["headers"]["req_id"].startswith("aibot_subscribe_")
    assert frames.mentioned("已记录", ("daiguohua",)) == "<@daiguohua> 已记录"


def test_answers_say_ok_or_why_not() -> None:
    assert frames.error_of(example("send_answer")) is None
    assert frames.error_of(example("respond_invalid_req_id")) == (846605, "invalid req_id")
    assert frames.error_of(example("send_rate_limited")) == (45009, "api freq out of limit")
