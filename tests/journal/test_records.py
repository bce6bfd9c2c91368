"""Journal records give back the very event that was journaled."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.chat import ChatKind, Inbound, MediaKind, MediaRef, MemberJoin
from bot.journal.records import Entry, dump, load

AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def test_a_message_with_every_field_set_round_trips() -> None:
    message = Inbound(
        platform="wechat",
        message_id="m-1",
        chat_id="room-1",
        chat_kind=ChatKind.GROUP,
        sender_id="wx-tang",
        sender_name="唐小燕",
        text="5幢301漏水了 😱\n第二行",
        timestamp=AT,
        chat_topic="青山5幢",
        mentions=("wx-bot", "wx-hu"),
        mentions_bot=True,
        quoted_text="之前那条",
        quoted_message_id="m-0",
    )

    assert load(dump(Entry(message, AT))) == Entry(message, AT)


@pytest.mark.parametrize(
    "media",
    [
        (MediaRef(MediaKind.IMAGE, "m-2"),),
        (
            MediaRef(MediaKind.IMAGE, "wecom-1", "https://example.cn/i", "a2V5"),
            MediaRef(MediaKind.FILE, "wecom-7", "https://example.cn/f", "a2V5", "合同.pdf", 9),
        ),
    ],
)
def test_a_photo_round_trips_with_its_media_references(media: tuple[MediaRef, ...]) -> None:
    message = Inbound(
        platform="wechat",
        message_id="m-2",
        chat_id="room-1",
        chat_kind=ChatKind.GROUP,
        sender_id="wx-tang",
        sender_name="唐小燕",
        text="",
        timestamp=AT,
        media=media,
    )

    assert load(dump(Entry(message, AT))) == Entry(message, AT)


def test_a_join_round_trips() -> None:
    join = MemberJoin(
        platform="wechat",
        chat_id="room-1",
        member_ids=("wx-a", "wx-b"),
        member_names=("甲", "乙"),
        timestamp=AT,
        bot_joined=True,
    )

    assert load(dump(Entry(join, AT))) == Entry(join, AT)


@pytest.mark.parametrize(
    "payload", [b'{"v":99,"type":"inbound","at":"2026-01-01T00:00:00+00:00","event":{}}',
                b'{"v":1,"type":"sticker","at":"2026-01-01T00:00:00+00:00","event":{}}']
)  # fmt: skip
def test_a_record_this_version_cannot_read_is_a_value_error(payload: bytes) -> None:
    with pytest.raises(ValueError, match="journal record"):
        load(payload)
