"""People in bound groups: nicknames give rooms, "@张三 301", invite codes, welcomes, language."""

from __future__ import annotations

from datetime import timedelta

from bot.dispatch.pipeline import Outcome
from bot.onboarding.invite_codes import code_hash
from bot.transport import memory
from models.crud.invites import issue_invite
from models.crud.people import person_by_contact, person_by_key, person_home
from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.reports.test_reports import (
    NATTAPONG,
    SHIMA_10,
    SHIMA_12,
    WANG,
    XIAOHESHAN_23,
    only,
)

ZHANG = ("wxid_zhangsan", "10幢302-张三")


async def home_of(bot: Bot, contact_id: str) -> tuple[str, str | None] | None:
    async with bot.app.sessions() as session:
        person = await person_by_contact(session, contact_id=contact_id)
        home = await person_home(session, person_id=person.id) if person and person.id else None
        if home is None:
            return None
        from models.grid import LandlordGrid

        grid = await session.get_one(LandlordGrid, home.landlord_grid_id)
        return grid.code, home.room


async def test_every_sender_in_a_bound_group_becomes_a_person(bot: Bot) -> None:
    assert await bot.say(SHIMA_10, "wxid_newbie", "小李", "大家好") is Outcome.IGNORED
    async with bot.app.sessions() as session:
        person = await person_by_contact(session, contact_id="wxid_newbie")
    assert person is not None and (person.name, person.key) == ("小李", None)


async def test_a_nickname_gives_the_room_a_report_without_one_is_completed_with(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *ZHANG, "大家好")
    assert await home_of(bot, ZHANG[0]) == ("shima-10", "302")
    await bot.say(SHIMA_10, *ZHANG, "卫生间漏水了")
    assert "石马社区10幢302室" in only(to_group(await bot.replies(), SHIMA_10)).text
    [event] = await bot.events()
    assert (event.building, event.room) == ("10", "302")


async def test_a_room_only_nickname_counts_in_a_single_house_group(bot: Bot) -> None:
    await bot.say(SHIMA_12, "wxid_zhang12", "301 Zhang", "hello everyone")
    assert await home_of(bot, "wxid_zhang12") == ("shima-12", "301")


async def test_the_landlord_sets_a_members_room_and_a_tenant_cannot(bot: Bot) -> None:
    await bot.say(SHIMA_10, "wxid_lisi", "李四", "大家好")
    tenant = memory.group_message(
        "@李四\u2005401",
        chat_id=SHIMA_10,
        sender_id="wxid_chenjing",
        sender_name="陈静",
        mentions=("wxid_lisi",),
    )
    await bot.app.handle(tenant)
    assert await bot.replies() == []
    assert await home_of(bot, "wxid_lisi") is None

    landlord = memory.group_message(
        "@李四\u2005401",
        chat_id=SHIMA_10,
        sender_id=WANG,
        sender_name="王建国",
        mentions=("wxid_lisi",),
    )
    assert await bot.app.handle(landlord) is Outcome.HANDLED
    assert only(await bot.replies()).text == "已记录：李四 住 石马社区10幢 401室。"
    assert await home_of(bot, "wxid_lisi") == ("shima-10", "401")


async def issue(bot: Bot, key: str, code: str) -> None:
    async with bot.app.sessions() as session, session.begin():
        person = await person_by_key(session, key=key)
        assert person is not None and person.id is not None
        await issue_invite(
            session, person_id=person.id, code_hash=code_hash(code), now=bot.clock.now()
        )


async def dm(bot: Bot, sender: tuple[str, str], text: str) -> Outcome:
    message = memory.direct_message(text, sender_id=sender[0], sender_name=sender[1])
    return await bot.app.handle(message)


async def test_an_invite_code_links_its_person_once(bot: Bot) -> None:
    await issue(bot, "wang-jianguo", "GB-ABCD-EFGH")
    new_account = ("wxid_wang_new", "老王")
    assert await dm(bot, new_account, "邀请码 gb-abcd-efgh") is Outcome.HANDLED
    linked = only(to_person(await bot.replies(), new_account[0])).text
    assert linked.startswith("王建国您好，您的微信已与网格名录关联")
    async with bot.app.sessions() as session:
        person = await person_by_key(session, key="wang-jianguo")
    assert person is not None and person.contact_id == new_account[0]

    intruder = ("wxid_intruder", "王建国")
    await dm(bot, intruder, "GB-ABCD-EFGH")
    assert "已经使用过" in only(await bot.replies()).text
    async with bot.app.sessions() as session:
        person = await person_by_key(session, key="wang-jianguo")
    assert person is not None and person.contact_id == new_account[0]


async def test_a_wrong_or_expired_code_or_a_claim_links_no_one(bot: Bot) -> None:
    await issue(bot, "liu-guiying", "GB-2345-6789")
    stranger = ("wxid_stranger", "刘桂英")
    await dm(bot, stranger, "GB-2345-678A")
    assert "无效" in only(await bot.replies()).text
    await dm(bot, stranger, "我是刘桂英，12幢的网格长")
    bot.clock.advance(timedelta(hours=24))
    await dm(bot, stranger, "GB-2345-6789")
    assert "已过期" in only(await bot.replies()).text
    async with bot.app.sessions() as session:
        person = await person_by_key(session, key="liu-guiying")
    assert person is not None and person.contact_id == "wxid_liuguiying"


async def test_members_joining_together_get_one_welcome_with_rules_and_the_link(
    bot: Bot,
) -> None:
    join = memory.member_join(chat_id=SHIMA_10, members={"wxid_a": "小A", "wxid_b": "小B"})
    await bot.transport.push(join)
    welcome = only(await bot.replies())
    assert welcome.mention_ids == ("wxid_a", "wxid_b")
    assert welcome.text.startswith("欢迎 小A、小B 加入本群！")
    assert "群规" in welcome.text
    assert "石马社区10幢 住户登记：http://127.0.0.1:8080/h/shima-10" in welcome.text


async def test_a_known_english_speaker_is_welcomed_in_english(bot: Bot) -> None:
    await bot.transport.push(memory.member_join(chat_id=XIAOHESHAN_23, members=dict([NATTAPONG])))
    welcome = only(await bot.replies()).text
    assert welcome.startswith("Welcome to the group, Nattapong Srisuk!")
    assert "household registration: http://127.0.0.1:8080/h/xiaoheshan-23" in welcome


async def test_a_join_in_an_unbound_group_introduces_the_bot_once(bot: Bot) -> None:
    for member in ("wxid_a", "wxid_b"):
        await bot.transport.push(memory.member_join(chat_id="room-new", members={member: "x"}))
    sent = await bot.replies()
    assert "绑定 石马社区10幢" in only(to_group(sent, "room-new")).text


async def test_language_follows_writing_until_asked_for_explicitly(bot: Bot) -> None:
    someone = ("wxid_lee", "Lee")
    await bot.say(SHIMA_10, *someone, "hello there neighbours")
    await bot.say(SHIMA_10, *someone, "bind Shima 10")
    assert only(await bot.replies()).text.startswith("Sorry, only the leader of")

    await dm(bot, someone, "说中文")
    assert only(await bot.replies()).text == "好的，之后我用中文和您交流。"
    await bot.say(SHIMA_10, *someone, "thanks a lot everyone")
    await bot.say(SHIMA_10, *someone, "bind Shima 10")
    assert only(await bot.replies()).text.startswith("抱歉，只有")
    async with bot.app.sessions() as session:
        person = await person_by_contact(session, contact_id=someone[0])
    assert person is not None and person.lang == "zh"

    await dm(bot, someone, "English please")
    assert only(await bot.replies()).text == "OK, I will write to you in English from now on."


async def test_a_report_mostly_in_latin_letters_is_answered_in_the_chosen_language(
    bot: Bot,
) -> None:
    # Bug: the report's reply followed the parser's guess ("<script>" made it English) over
    # the language the reporter had asked for with "说中文".
    chen = ("wxid_chenjing", "陈静")
    await bot.say(SHIMA_10, *chen, "说中文")
    await bot.replies()
    await bot.say(SHIMA_10, *chen, "<script>alert(1)</script> 10幢302 toilet leaking")
    reply = only(to_group(await bot.replies(), SHIMA_10)).text
    assert "已登记" in reply and "Recorded" not in reply


async def test_an_english_writer_is_answered_in_english_and_a_chinese_one_in_chinese(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_12, "wxid_ana", "Ana", "good morning all")
    await bot.say(SHIMA_12, "wxid_ana", "Ana", "我想说中文了，大家好")
    await bot.say(SHIMA_12, "wxid_ana", "Ana", "绑定 12")
    assert only(await bot.replies()).text.startswith("抱歉，只有")


async def test_a_joining_members_nickname_gives_their_room_before_they_say_anything(
    bot: Bot,
) -> None:
    await bot.transport.push(memory.member_join(chat_id=SHIMA_12, members={"wxid_z": "502 Zhou"}))
    assert await home_of(bot, "wxid_z") == ("shima-12", "502")
