"""Photos over 梧桐街道's WeChat, through the real puppet service (the mock's image and file
messages): a reporter's photo right after the report is kept with its event, stripped of
its EXIF; a leader's photo right after "已解决 N" is the fix photo, and the reporters are
asked again with it; a picture about nothing reported stays chatter; a file that is no
picture, or too big, is answered and changes nothing else."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from bot.config import Settings
from models.crud.event_queries import event_by_number
from models.crud.photos import photos_of
from models.photo import PhotoRole
from models.states import EventState
from tests.photos import CAMERA, phone_photo, small_png
from tests.street import Street
from tests.street_fixture import Configure, StreetBot, StreetLauncher

pytestmark = pytest.mark.puppet


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    return tmp_path / "media"


@pytest.fixture
def photo_settings(street_configure: Configure, media_dir: Path) -> Settings:
    return street_configure(f'[media]\npath = "{media_dir}"\nmax_size = "1MB"')


@pytest.fixture
async def bot(street_launch: StreetLauncher, photo_settings: Settings) -> StreetBot:
    return await street_launch(settings=photo_settings)


def stored_files(media_dir: Path) -> list[Path]:
    """What the media folder holds (nothing, before it is first written)."""
    return sorted(media_dir.iterdir()) if media_dir.exists() else []


async def report_leak(bot: StreetBot, street: Street) -> str:
    """周小梅 reports a leak in 清水湾3号楼's group (its landlord 戴国华 linked); the room."""
    await bot.link("dai-guohua")
    room = await bot.bind("qs-3")
    await bot.wechat.say_in_room(room, street.contact("zhou-xiaomei"), "3号楼502卫生间漏水了")
    ack, assignment = await bot.sent(2)
    assert "#2026-0001" in ack.text and assignment.to_id == street.contact("dai-guohua")
    return room


async def test_a_photo_right_after_a_report_is_kept_with_it_without_its_exif(
    bot: StreetBot, street: Street, media_dir: Path
) -> None:
    room = await report_leak(bot, street)
    zhou, dai = street.contact("zhou-xiaomei"), street.contact("dai-guohua")
    photo = phone_photo()  # ~90 KB: the service hands it out by UUID (`Download`)
    await bot.wechat.send_file(zhou, photo, room_id=room, name="IMG_0042.jpg")
    [kept] = await bot.sent(1)
    assert kept.room_id == room and kept.mention_ids == (zhou,)
    assert "照片已附到 #2026-0001【漏水】（共1张）" in kept.text

    [stored] = stored_files(media_dir)
    data = stored.read_bytes()
    assert stored.name == f"{hashlib.sha256(data).hexdigest()}.jpg"
    assert CAMERA.encode() not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert dict(picture.getexif()) == {}
        assert picture.size == (240, 320)  # turned upright as its EXIF said, then dropped
    async with bot.app.sessions() as session:
        event = await event_by_number(session, number="2026-0001")
        assert event is not None and event.id is not None
        [row] = await photos_of(session, event_id=event.id)
    assert (row.role, row.file, row.size) == (PhotoRole.REPORT, stored.name, len(data))

    await bot.wechat.say_to_bot(dai, "详情 2026-0001")
    [details] = await bot.sent(1)
    assert details.to_id == dai
    assert "照片：报告 1 张（在工作台查看：" in details.text
    assert "/console/events/2026-0001）" in details.text


async def test_a_small_picture_comes_inline_and_keeps_its_transparency(
    bot: StreetBot, street: Street, media_dir: Path
) -> None:
    room = await report_leak(bot, street)
    await bot.wechat.send_file(street.contact("zhou-xiaomei"), small_png(), room_id=room)
    [kept] = await bot.sent(1)
    assert "照片已附到 #2026-0001" in kept.text
    [stored] = stored_files(media_dir)
    assert stored.suffix == ".png"


async def test_a_picture_about_nothing_reported_is_chatter_and_is_not_fetched(
    bot: StreetBot, street: Street, media_dir: Path
) -> None:
    await bot.link("dai-guohua")
    room = await bot.bind("qs-3")
    zhou, lin = street.contact("zhou-xiaomei"), "wxid_linxiao"
    await bot.wechat.send_file(zhou, phone_photo(), room_id=room)  # a photo of a cat
    await bot.wechat.say_in_room(room, zhou, "3号楼502卫生间漏水了")
    await bot.wechat.send_file(lin, phone_photo(seed=2), room_id=room)  # not her report
    ack, _assignment = await bot.sent(2)
    assert "#2026-0001" in ack.text  # the first answer is the report's: the photo had none
    await bot.wechat.say_in_room(room, lin, "3号楼2单元301门锁坏了")
    second, _ = await bot.sent(2)
    assert "#2026-0002" in second.text  # 林晓's photo got no answer either
    assert stored_files(media_dir) == []


async def test_a_file_that_is_no_picture_is_answered_and_changes_nothing(
    bot: StreetBot, street: Street, media_dir: Path
) -> None:
    room = await report_leak(bot, street)
    zhou = street.contact("zhou-xiaomei")
    await bot.wechat.send_file(zhou, b"%PDF-1.7 ...", room_id=room, name="合同.pdf", kind="file")
    [document] = await bot.sent(1)
    await bot.wechat.send_file(zhou, b"\xff\xd8\xff not a jpeg at all", room_id=room)
    [junk] = await bot.sent(1)
    await bot.wechat.send_file(zhou, phone_photo(1200, 900), room_id=room)  # ~3 MB
    [big] = await bot.sent(1)
    for answer in (document, junk, big):
        assert answer.room_id == room and answer.mention_ids == (zhou,)
    assert "这个文件不是照片，没有保存。#2026-0001【漏水】 照常处理，请直接发照片。" in (
        document.text
    )
    assert "这个文件不是照片，没有保存。" in junk.text
    assert "这张照片超过 1MB，没有保存。#2026-0001【漏水】 照常处理，可以压缩后再发。" in big.text
    # Nothing kept, the event as it was, and the next photo and report go through.
    assert stored_files(media_dir) == []
    await bot.wechat.send_file(zhou, phone_photo(), room_id=room)
    [kept] = await bot.sent(1)
    assert "照片已附到 #2026-0001【漏水】（共1张）" in kept.text
    await bot.wechat.say_in_room(room, "wxid_linxiao", "3号楼2单元301门锁坏了")
    second, _ = await bot.sent(2)
    assert "#2026-0002" in second.text
    async with bot.app.sessions() as session:
        event = await event_by_number(session, number="2026-0001")
        assert event is not None and event.state is EventState.ASSIGNED


async def test_a_leaders_photo_after_resolving_is_the_fix_and_the_reporter_is_asked_with_it(
    bot: StreetBot, street: Street, media_dir: Path
) -> None:
    room = await report_leak(bot, street)
    zhou, dai = street.contact("zhou-xiaomei"), street.contact("dai-guohua")
    await bot.wechat.say_to_bot(dai, "已解决 2026-0001 换了三角阀")
    done, question = await bot.sent(2)
    assert done.to_id == dai and question.room_id == room
    await bot.wechat.send_file(dai, phone_photo(seed=3))  # to the bot, as a fix photo
    kept, shown = await bot.sent(2)
    assert kept.to_id == dai
    assert "修复照片已附到 #2026-0001【漏水】（共1张）。已请报告人确认。" in kept.text
    assert shown.room_id == room and shown.mention_ids == (zhou,)
    assert "负责人发来了修复后的照片。问题解决了吗？" in shown.text
    assert "请回复“解决了”或“没解决 原因”" in shown.text
    async with bot.app.sessions() as session:
        event = await event_by_number(session, number="2026-0001")
        assert event is not None and event.id is not None
        [row] = await photos_of(session, event_id=event.id)
    assert row.role is PhotoRole.FIX and (media_dir / row.file).is_file()

    await bot.wechat.say_in_room(room, zhou, "解决了")
    [closed] = await bot.sent(1)
    assert "#2026-0001" in closed.text
    async with bot.app.sessions() as session:
        event = await event_by_number(session, number="2026-0001")
        assert event is not None and event.state is EventState.CLOSED
