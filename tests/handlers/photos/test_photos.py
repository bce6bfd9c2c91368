"""Which event a photo belongs to (on the memory transport, 梧桐街道): the report it
quotes, else the sender's latest report in that chat within `[media] window`; later, or in
another chat, or before any report, it is nobody's and nothing is fetched."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from bot.chat import ChatKind, MediaKind
from bot.config import Settings
from models.crud.event_queries import event_by_number
from models.crud.photos import photos_of
from tests.photos import phone_photo
from tests.street import Street
from tests.street_fixture import STREET_START, ChatLauncher, Configure, StreetChat

ZHOU, LIN = "wxid_xiaomei0502", "wxid_linxiao"


@pytest.fixture
def photo_settings(street_configure: Configure, tmp_path: Path) -> Settings:
    return street_configure(f'[media]\npath = "{tmp_path / "media"}"\nwindow = "5m"')


@pytest.fixture
async def chat(street_chat_launch: ChatLauncher, photo_settings: Settings) -> StreetChat:
    chat = await street_chat_launch(settings=photo_settings)
    await chat.link("dai-guohua")
    return chat


async def send_photo(chat: StreetChat, room: str, contact: str, **extra: object) -> None:
    transport = chat.transport
    message = transport.image(
        phone_photo(seed=len(transport.media) + 1),
        chat_id=room,
        sender_id=contact,
        sender_name=chat.street.shown_name(room, contact),
        timestamp=chat.clock.now(),
        **extra,  # type: ignore[arg-type]
    )
    await chat.app.handle(message)


async def photo_counts(chat: StreetChat, *numbers: str) -> list[int]:
    async with chat.app.sessions() as session:
        counts = []
        for number in numbers:
            event = await event_by_number(session, number=number)
            assert event is not None and event.id is not None
            counts.append(len(await photos_of(session, event_id=event.id)))
        return counts


async def test_a_photo_within_the_window_belongs_to_the_senders_latest_report(
    chat: StreetChat,
) -> None:
    room = await chat.bind("qs-3")
    await chat.say(room, ZHOU, "3号楼502卫生间漏水了")
    await chat.say(room, LIN, "3号楼2单元301门锁坏了")
    chat.clock.advance(timedelta(minutes=4))
    await send_photo(chat, room, ZHOU)
    await send_photo(chat, room, ZHOU)  # a second one: kept, not announced again
    await chat.sent()
    assert await photo_counts(chat, "2026-0001", "2026-0002") == [2, 0]


async def test_a_photo_after_the_window_or_elsewhere_is_nobodys(
    chat: StreetChat, street: Street
) -> None:
    room = await chat.bind("qs-3")
    await chat.say(room, ZHOU, "3号楼502卫生间漏水了")
    await chat.sent()
    chat.clock.advance(timedelta(minutes=5, seconds=1))
    await send_photo(chat, room, ZHOU)
    direct = chat.transport.image(
        phone_photo(), chat_id=ZHOU, sender_id=ZHOU, sender_name="周小梅", direct=True
    )
    assert direct.chat_kind is ChatKind.DIRECT
    await chat.app.handle(direct)  # the report was made in the group, not here
    assert await chat.sent() == []
    assert chat.transport.fetched == []  # nothing downloaded for chatter
    assert await photo_counts(chat, "2026-0001") == [0]


async def test_a_photo_quoting_a_report_belongs_to_it_even_later(chat: StreetChat) -> None:
    room = await chat.bind("qs-3")
    await chat.say(room, ZHOU, "3号楼502卫生间漏水了", message_id="report-zhou")
    await chat.say(room, LIN, "3号楼2单元301门锁坏了")
    await chat.sent()
    chat.clock.advance(timedelta(hours=3))
    await send_photo(chat, room, LIN, quoted_message_id="report-zhou")  # her neighbour's
    [kept] = await chat.sent()
    assert "照片已附到 #2026-0001" in kept.text
    assert await photo_counts(chat, "2026-0001", "2026-0002") == [1, 0]


async def test_a_merged_reporters_photo_goes_to_the_event_they_joined(chat: StreetChat) -> None:
    room = await chat.bind("qs-3")
    await chat.say(room, ZHOU, "3号楼2单元301门锁坏了")
    await chat.say(room, LIN, "2单元301的门锁还是坏的，进不去")  # merged into #2026-0001
    await chat.sent()
    await send_photo(chat, room, LIN)
    [kept] = await chat.sent()
    assert "照片已附到 #2026-0001" in kept.text
    assert await photo_counts(chat, "2026-0001") == [1]


async def test_a_report_with_its_photos_in_one_message_keeps_them_quietly(
    chat: StreetChat,
) -> None:
    """A WeCom mixed message: the text files the report, its pictures go with the event;
    the report's answer is all the group hears, and a file in it that is no picture is
    told."""
    room = await chat.bind("qs-3")
    photo = chat.transport.image(
        phone_photo(), chat_id=room, sender_id=ZHOU, sender_name="3号楼502-周小梅"
    )
    chat.transport.media["contract"] = b"%PDF-1.7"
    contract = dataclasses.replace(photo.media[0], key="contract", kind=MediaKind.FILE)
    mixed = dataclasses.replace(
        photo, text="3号楼502卫生间漏水了", media=(photo.media[0], contract)
    )
    await chat.app.handle(mixed)
    ack, assignment, refused = await chat.sent()
    assert "#2026-0001" in ack.text and "#2026-0001" in assignment.text
    assert "这个文件不是照片，没有保存。#2026-0001【漏水】 照常处理" in refused.text
    assert await photo_counts(chat, "2026-0001") == [1]


async def test_a_fix_photo_in_the_quiet_hours_waits_for_the_question_that_names_it(
    chat: StreetChat,
) -> None:
    """At night the leader resolves and sends the photo: nobody is woken; the morning's
    question says a photo of the fix came with it."""
    room = await chat.bind("qs-3")
    await chat.say(room, ZHOU, "3号楼502卫生间漏水了")
    chat.clock.set(STREET_START.replace(hour=15))  # 23:00 in Shanghai
    dai = chat.street.contact("dai-guohua")
    await chat.dm(dai, "已解决 2026-0001 换了三角阀")
    fix = chat.transport.image(
        phone_photo(seed=9), chat_id=dai, sender_id=dai, sender_name="戴国华", direct=True
    )
    fix = dataclasses.replace(fix, timestamp=chat.clock.now())
    await chat.app.handle(fix)
    sent = await chat.sent()
    assert [d.chat_id for d in sent if "照片" in d.text] == [dai]  # only the leader hears
    assert "修复照片已附到 #2026-0001【漏水】（共1张）。" in sent[-1].text
    assert "已请报告人确认" not in sent[-1].text
    chat.clock.set(STREET_START.replace(hour=23, minute=45))  # 07:45 the next morning
    assert chat.app.followup is not None
    await chat.app.followup.tick()
    [question] = [d for d in await chat.sent() if d.chat_id == room]
    assert "已处理，负责人附上了1张修复照片。问题解决了吗？" in question.text
