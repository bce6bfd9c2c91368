"""Tenant register conversations: understood, shown masked, confirmed with one reply, stored."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from bot.app import build_app
from bot.chat import Delivery
from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatch.pipeline import Outcome
from bot.log_setup import configure_logging
from bot.privacy import scan_for_unmasked
from bot.register.keys import data_keys
from bot.transport import memory
from bot.transport.memory import MemoryTransport
from models.messaging import Dialog
from models.tenant import Residence, Tenant
from tests.handlers.conftest import START, Bot, to_group, to_person

SHIMA_10 = "room-shima-10"
WANG = ("wxid_wangjianguo", "王建国")  # landlord of 石马社区10幢
CHEN_JING = ("wxid_chenjing", "陈静")  # tenant of 石马社区10幢
KIM = ("wxid_kimminjun", "Kim Minjun")  # English, tenant of 小和山新苑25号 room 201
GUO = "wxid_guomeiling"  # landlord of 小和山新苑25号
ZHANG_ID = "33010619900101123X"
LI_ID = "440301198808087710"
KIM_PASSPORT = "M12345678"


def only(deliveries: list[Delivery]) -> Delivery:
    assert len(deliveries) == 1, deliveries
    return deliveries[0]


async def dm(bot: Bot, sender: tuple[str, str], text_: str) -> Outcome:
    message = memory.direct_message(text_, sender_id=sender[0], sender_name=sender[1])
    return await bot.app.handle(message)


async def stays(bot: Bot) -> list[tuple[Residence, Tenant]]:
    async with bot.app.sessions() as session:
        statement = select(Residence, Tenant).join(Tenant).order_by(col(Residence.id))
        return [(r, t) for r, t in (await session.exec(statement)).all()]


async def register_zhang(bot: Bot) -> None:
    await bot.say(
        SHIMA_10, *WANG, f"新租客张三，身份证{ZHANG_ID}，电话13812345678，住301，今天入住"
    )
    await bot.say(SHIMA_10, *WANG, "确认")
    await bot.replies()


async def register_kim(bot: Bot) -> None:
    await dm(
        bot,
        KIM,
        f"I am a new tenant, passport {KIM_PASSPORT}, Korean, visa expires 2027-03-01, "
        "room 201, phone 13900002005",
    )
    await dm(bot, KIM, "yes")
    await bot.replies()


async def test_a_landlord_registers_a_tenant_in_the_group_after_one_confirmation(
    bot: Bot,
) -> None:
    await bot.say(
        SHIMA_10, *WANG, f"新租客张三，身份证{ZHANG_ID}，电话13812345678，住301，今天入住"
    )
    question = only(to_group(await bot.replies(), SHIMA_10)).text

    assert "身份证：3301**********123X" in question
    assert "手机：138****5678" in question
    assert "姓名：张三" in question and "房间：301室" in question
    # Numbers were posted in the group: the safer way is named, with the house page.
    assert "一户一码”（http://127.0.0.1:8080/h/shima-10）" in question
    assert "回复“确认”" in question
    assert await stays(bot) == []  # nothing stored before the confirmation

    await bot.say(SHIMA_10, *WANG, "确认")
    done = await bot.replies()

    assert only(to_group(done, SHIMA_10)).text.startswith(
        "✅ 已完成石马社区10幢入住登记：张三（301室）"
    )
    assert to_person(done, WANG[0]) == []  # the landlord did it: no notice to themself
    [(residence, tenant)] = await stays(bot)
    assert (tenant.name, tenant.document_type, residence.room) == ("张三", "id_card", "301")
    assert residence.moved_out is None
    assert tenant.document_number_encrypted is not None
    assert ZHANG_ID.encode() not in tenant.document_number_encrypted


async def test_missing_fields_are_asked_for_and_the_answers_complete_the_registration(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *WANG, "302新来一个租客李四")
    ask = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "还需要：身份证或护照号码、手机号" in ask

    await bot.say(SHIMA_10, *WANG, "13912345678")
    ask = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "还需要：身份证或护照号码。" in ask and "139****5678" in ask

    await bot.say(SHIMA_10, *WANG, LI_ID)
    confirm = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "身份证：4403**********7710" in confirm

    await bot.say(SHIMA_10, *WANG, "好的")
    await bot.replies()
    [(residence, tenant)] = await stays(bot)
    assert (tenant.name, residence.room, tenant.nationality) == ("李四", "302", "CN")


async def test_a_foreign_tenant_registers_themself_in_english_and_the_landlord_is_told(
    bot: Bot,
) -> None:
    await dm(
        bot,
        KIM,
        f"I am a new tenant, passport {KIM_PASSPORT}, Korean, visa expires 2027-03-01, "
        "room 201, phone 13900002005",
    )
    confirm = only(to_person(await bot.replies(), KIM[0])).text
    assert "Please check this registration for 小和山新苑25号" in confirm
    assert "Passport: M1****678" in confirm and "Mobile: 139****2005" in confirm
    assert "Visa expires: Mon 1 Mar 2027" in confirm and "Name: Kim Minjun" in confirm
    assert "Nationality: South Korea" in confirm

    await dm(bot, KIM, "yes")
    sent = await bot.replies()

    assert only(to_person(sent, KIM[0])).text.startswith("✅ Registration done for 小和山新苑25号")
    notice = only(to_person(sent, GUO)).text
    assert notice.startswith("【租客入住登记】小和山新苑25号")
    assert "护照：M1****678" in notice and "提交人：Kim Minjun" in notice
    # Bug: the summaries showed the ISO code ("国籍：KR") instead of the country's name.
    assert "国籍：韩国" in notice and "KR" not in notice
    [(residence, tenant)] = await stays(bot)
    assert (tenant.nationality, tenant.visa_expiry, residence.room) == (
        "KR",
        date(2027, 3, 1),
        "201",
    )
    assert tenant.person_id is not None  # self-registered: tied to the chat person


async def test_a_landlord_signs_a_tenant_out_by_name_and_room(bot: Bot) -> None:
    await register_zhang(bot)

    await bot.say(SHIMA_10, *WANG, "301张三今天搬走了")
    confirm = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "请核对石马社区10幢退租登记" in confirm and "退租日期：2026年11月25日" in confirm
    await bot.say(SHIMA_10, *WANG, "是")
    done = only(to_group(await bot.replies(), SHIMA_10)).text

    assert "退租登记：张三（301室）" in done
    [(residence, _)] = await stays(bot)
    assert residence.moved_out == bot.clock.now()


async def test_a_tenant_signs_themself_out_and_renews_a_visa_in_english(bot: Bot) -> None:
    await register_kim(bot)

    await dm(bot, KIM, "My visa was renewed until 2028-03-01")
    assert "Visa expires: Wed 1 Mar 2028" in only(to_person(await bot.replies(), KIM[0])).text
    await dm(bot, KIM, "yes")
    await bot.replies()
    [(_, tenant)] = await stays(bot)
    assert tenant.visa_expiry == date(2028, 3, 1)

    await dm(bot, KIM, "I am moving out today")
    assert "move-out for 小和山新苑25号" in only(to_person(await bot.replies(), KIM[0])).text
    await dm(bot, KIM, "yes")
    sent = await bot.replies()

    assert "【租客退租登记】小和山新苑25号" in only(to_person(sent, GUO)).text
    [(residence, _)] = await stays(bot)
    assert residence.moved_out == bot.clock.now()


async def test_a_cancelled_registration_stores_nothing(bot: Bot) -> None:
    await bot.say(SHIMA_10, *WANG, f"新租客张三，身份证{ZHANG_ID}，电话13812345678，住301")
    await bot.replies()
    await bot.say(SHIMA_10, *WANG, "取消")

    assert only(to_group(await bot.replies(), SHIMA_10)).text == "已取消，未做任何登记。"

    assert await stays(bot) == []


async def test_a_move_out_naming_nobody_in_the_house_picks_no_one(bot: Bot) -> None:
    await register_zhang(bot)

    await bot.say(SHIMA_10, *WANG, "王五搬走了")

    assert "没有找到这位在住租客" in only(to_group(await bot.replies(), SHIMA_10)).text
    [(residence, _)] = await stays(bot)
    assert residence.moved_out is None


async def test_no_full_number_is_sent_logged_or_stored_in_clear(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sent: list[Delivery] = []
    await bot.say(SHIMA_10, *WANG, "302新来一个租客李四 手机13912345678")
    await bot.say(SHIMA_10, *WANG, f"身份证 {LI_ID}")
    sent += await bot.replies()
    async with bot.app.sessions() as session:
        [dialog] = (await session.exec(select(Dialog))).all()
    await bot.say(SHIMA_10, *WANG, "确认")
    await dm(
        bot, KIM, f"New tenant: passport {KIM_PASSPORT}, Korea, visa until 2027-03-01, room 201"
    )
    await dm(bot, KIM, "13900002005")
    await dm(bot, KIM, "yes")
    await bot.say(SHIMA_10, *CHEN_JING, f"我是新租客，身份证{ZHANG_ID} 电话13812345678 住301")
    sent += await bot.replies()

    assert len(sent) >= 7
    assert [d.text for d in sent if scan_for_unmasked(d.text)] == []
    ours = [r for r in caplog.records if r.name.split(".")[0] in ("bot", "handlers", "models")]
    assert [r.getMessage() for r in ours if scan_for_unmasked(r.getMessage())] == []
    assert LI_ID not in str(dialog.slots) and "13912345678" not in str(dialog.slots)
    async with bot.app.engine.connect() as connection:
        tenants = (await connection.execute(text("SELECT * FROM tenant"))).all()
        inbound = (await connection.execute(text("SELECT text FROM inbound_message"))).all()
        outbox = (await connection.execute(text("SELECT text FROM outbox"))).all()
    stored = repr([tenants, inbound, outbox])
    assert len(tenants) == 2
    for number in (LI_ID, ZHANG_ID, KIM_PASSPORT, "13912345678", "13900002005"):
        assert number not in stored


def test_every_log_line_of_the_running_bot_is_masked() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    level, handler = root.level, logging.StreamHandler(stream)
    configure_logging(logging.DEBUG, handler)
    try:
        logging.getLogger("aiosqlite").debug("INSERT (?, ?) %s", (LI_ID, "13912345678"))
        logging.getLogger("bot.x").info("passport %s", KIM_PASSPORT)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    written = stream.getvalue()
    assert "4403**********7710" in written and "139****5678" in written
    assert scan_for_unmasked(written) == []


async def test_the_time_of_a_message_anchors_a_future_move_in() -> None:
    from zoneinfo import ZoneInfo

    from bot.register.store import moment

    now = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    shanghai = ZoneInfo("Asia/Shanghai")
    assert moment(date(2026, 11, 25), now=now, tz=shanghai) == now
    assert moment(date(2026, 11, 27), now=now, tz=shanghai) == datetime(
        2026, 11, 26, 16, 0, tzinfo=UTC
    )


async def test_a_landlord_updates_a_tenants_phone_in_chinese(bot: Bot) -> None:
    await register_zhang(bot)

    await bot.say(SHIMA_10, *WANG, "张三手机号换了，新号码13912345678")
    confirm = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "请核对石马社区10幢信息变更" in confirm and "手机：139****5678" in confirm
    await bot.say(SHIMA_10, *WANG, "确认")
    assert "信息变更：张三（301室）" in only(to_group(await bot.replies(), SHIMA_10)).text

    [(_, tenant)] = await stays(bot)
    keys = data_keys(bot.app.settings)
    assert tenant.phone_hash == keys.lookup("13912345678")
    assert tenant.document_hash == keys.lookup(ZHANG_ID)  # the rest is unchanged


async def test_who_may_register_is_configurable(settings: Settings) -> None:
    landlord_only = replace(
        settings, register=replace(settings.register, registrars=frozenset({"landlord"}))
    )
    transport = MemoryTransport()
    app = build_app(landlord_only, transport=transport, clock=FrozenClock(START))
    await transport.start(app.feed)
    bot = Bot(app, transport, FrozenClock(START))
    try:
        await bot.say(SHIMA_10, *CHEN_JING, "我是新租客陈静，住301，手机13900002001")
        refused = only(to_group(await bot.replies(), SHIMA_10)).text
        await bot.say(SHIMA_10, *WANG, "302新来一个租客李四")
        asked = only(to_group(await bot.replies(), SHIMA_10)).text
        stored = await stays(bot)
    finally:
        await app.stop()

    assert "石马社区10幢的租客登记请由房东办理" in refused
    assert refused.endswith("自助登记：http://127.0.0.1:8080/h/shima-10")
    assert "还需要" in asked
    assert stored == []


async def test_a_report_during_an_open_registration_is_a_report(bot: Bot) -> None:
    await bot.say(SHIMA_10, *WANG, "302新来一个租客李四")
    await bot.replies()

    await bot.say(SHIMA_10, *WANG, "10幢301卫生间漏水了")
    await bot.say(SHIMA_10, *WANG, "13912345678")
    sent = to_group(await bot.replies(), SHIMA_10)

    assert sent[0].text.startswith("已登记 #2026-0001【漏水】")
    assert "还需要：身份证或护照号码。" in sent[1].text  # the registration goes on
    assert len(await bot.events()) == 1
