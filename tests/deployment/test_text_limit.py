"""A length cap on what is stored and quoted (issue 12, item 11), over 梧桐街道's WeChat: a
megabyte pasted into a group is neither stored whole nor forwarded whole as "原文"; what is
kept ends with a clear mark. `[bot] text_limit` (default 2,000 characters) sets it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.chat import ChatKind, Inbound
from bot.text_limit import TEXT_LIMIT, capped, capped_inbound
from models.event import Event
from models.messaging import InboundMessage
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

MEGABYTE = 1_000_000


async def test_a_megabyte_report_is_stored_and_quoted_cut_with_a_mark(
    street: Street, street_bot: StreetBot
) -> None:
    await street_bot.link("dai-guohua")
    room = await street_bot.bind("qs-3")
    text = "502卫生间漏水了，" + "水一直往下滴" * (MEGABYTE // 6)
    await street_bot.wechat.say_in_room(room, street.contact("zhou-xiaomei"), text)
    ack, assignment = await street_bot.sent(2)

    assert "已登记 #2026-0001【漏水】清水湾3号楼502室" in ack.text
    kept = text[:TEXT_LIMIT] + "…(已截断)"
    assert f"原文：“{kept}”" in assignment.text
    assert len(assignment.text) < TEXT_LIMIT + 500
    async with street_bot.app.sessions() as session:
        [event] = (await session.exec(select(Event))).all()
        logged = (await session.exec(select(InboundMessage.text))).all()
    assert event.text == kept
    assert max(len(t) for t in logged) == len(kept)


def test_the_mark_is_in_the_language_of_the_text() -> None:
    assert capped("漏水" * 2000, 10) == "漏水" * 5 + "…(已截断)"
    assert capped("leak " * 2000, 12) == "leak leak le…(truncated)"
    assert capped("12345" * 100, 10, default_lang="en") == "1234512345…(truncated)"
    assert capped("短消息", 10) == "短消息"


def test_the_text_a_message_quotes_is_capped_too() -> None:
    inbound = Inbound(
        platform="wechat",
        message_id="m1",
        chat_id="c",
        chat_kind=ChatKind.DIRECT,
        sender_id="s",
        sender_name="s",
        text="收到",
        timestamp=None,  # type: ignore[arg-type]
        quoted_text="漏水" * 5000,
    )
    cut = capped_inbound(inbound, 300)
    assert cut.text == "收到" and cut.quoted_text == "漏水" * 150 + "…(已截断)"
