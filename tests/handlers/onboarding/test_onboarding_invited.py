"""The bot invited into a group: an unknown one is introduced to at once, a bound one not."""

from __future__ import annotations

from sqlmodel import func, select

from bot.transport import memory
from models.person import Person
from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.reports.test_reports import CHEN_JING, SHIMA_10, only

LI_HONG, ZHOU_MIN = "wxid_lihong", "wxid_zhoumin"  # community staff
NEW_ROOM = "room-invited"


async def people(bot: Bot) -> int:
    async with bot.app.sessions() as session:
        return (await session.exec(select(func.count()).select_from(Person))).one()


async def test_invited_into_an_unknown_group_the_bot_introduces_itself_once(bot: Bot) -> None:
    before = await people(bot)
    invited = memory.member_join(
        chat_id=NEW_ROOM, members={}, chat_topic="新房东群", bot_joined=True
    )
    await bot.transport.push(invited)
    sent = await bot.replies()
    intro = only(to_group(sent, NEW_ROOM))
    assert "绑定 石马社区10幢" in intro.text and "bind Shima 10" in intro.text
    assert intro.mention_ids == ()
    for staff in (LI_HONG, ZHOU_MIN):
        assert "新房东群" in only(to_person(sent, staff)).text
    assert len(sent) == 3

    await bot.say(NEW_ROOM, *CHEN_JING, "大家好")
    await bot.transport.push(invited)
    assert await bot.replies() == []
    assert await people(bot) == before  # no Person for the bot, none for an unbound group


async def test_invited_with_people_into_an_unknown_group_only_the_introduction(bot: Bot) -> None:
    join = memory.member_join(chat_id=NEW_ROOM, members={"wxid_a": "小A"}, bot_joined=True)
    await bot.transport.push(join)
    [intro] = to_group(await bot.replies(), NEW_ROOM)
    assert "绑定 石马社区10幢" in intro.text and "欢迎" not in intro.text


async def test_invited_into_a_bound_group_the_bot_keeps_quiet(bot: Bot) -> None:
    before = await people(bot)
    await bot.transport.push(memory.member_join(chat_id=SHIMA_10, members={}, bot_joined=True))
    assert await bot.replies() == []
    assert await people(bot) == before


async def test_invited_with_a_newcomer_into_a_bound_group_only_the_newcomer_is_welcomed(
    bot: Bot,
) -> None:
    join = memory.member_join(chat_id=SHIMA_10, members={"wxid_a": "小A"}, bot_joined=True)
    await bot.transport.push(join)
    welcome = only(await bot.replies())
    assert welcome.mention_ids == ("wxid_a",)
    assert welcome.text.startswith("欢迎 小A 加入本群！")
