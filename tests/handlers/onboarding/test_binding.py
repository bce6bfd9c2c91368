"""Binding groups to landlord grids in the group itself (memory transport, both databases)."""

from __future__ import annotations

from sqlmodel import col, select

from bot.chat import ChatKind, Inbound
from bot.dispatch.pipeline import Outcome
from bot.transport import memory
from models.binding import GroupBinding
from models.crud.bindings import binding_log, landlord_grids_of_chat
from models.crud.people import person_by_contact
from models.grid import LandlordGrid
from tests.handlers.conftest import Bot, to_group, to_person
from tests.handlers.reports.test_reports import CHEN_JING, CHEN_XIAOWEI, LIU, SHIMA_10, WANG, only

NEW_ROOM = "room-new@chatroom"  # a group the directory does not know
OTHER_ROOM = "room-other@chatroom"
LI_HONG = "wxid_lihong"  # community staff of 石马社区
ZHOU_MIN = "wxid_zhoumin"  # community staff of 小和山社区
WANG_NAME = "王建国"


async def codes(bot: Bot, chat_id: str) -> list[str]:
    async with bot.app.sessions() as session:
        return [g.code for g in await landlord_grids_of_chat(session, chat_id=chat_id)]


async def test_an_unknown_group_gets_one_introduction_then_silence_and_staff_one_notice(
    bot: Bot,
) -> None:
    assert await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "大家好") is Outcome.HANDLED
    sent = await bot.replies()
    intro = only(to_group(sent, NEW_ROOM))
    assert "绑定 石马社区10幢" in intro.text and "bind Shima 10" in intro.text
    assert intro.mention_ids == ()
    for staff in (LI_HONG, ZHOU_MIN):
        assert NEW_ROOM in only(to_person(sent, staff)).text
    assert len(sent) == 3

    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "卫生间漏水了，快来修")
    await bot.say(NEW_ROOM, "wxid_t2", "租客乙", "楼上好吵")
    assert await bot.replies() == []
    assert await bot.events() == []


async def test_a_second_unknown_group_gets_its_own_introduction_and_staff_see_both(
    bot: Bot,
) -> None:
    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "hi")
    await bot.replies()
    await bot.say(OTHER_ROOM, "wxid_t1", "租客甲", "hi")
    sent = await bot.replies()
    assert len(to_group(sent, OTHER_ROOM)) == 1
    notice = only(to_person(sent, LI_HONG)).text
    assert NEW_ROOM in notice and OTHER_ROOM in notice


async def test_a_tenant_or_a_stranger_cannot_bind_and_nothing_changes(bot: Bot) -> None:
    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "hi")
    await bot.replies()
    await bot.say(NEW_ROOM, *CHEN_JING, "绑定 石马社区10幢")
    refused = only(await bot.replies())
    assert refused.text.startswith("抱歉，只有")
    assert refused.mention_ids == (CHEN_JING[0],)
    await bot.say(NEW_ROOM, "wxid_t1", "王建国", "绑定 石马社区10幢")  # only the name claimed
    assert only(await bot.replies()).text.startswith("抱歉，只有")
    assert await codes(bot, NEW_ROOM) == []
    assert await codes(bot, SHIMA_10) == ["shima-10"]


async def test_the_leader_binds_a_new_group_and_its_reports_go_to_that_grid(bot: Bot) -> None:
    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "hi")
    await bot.replies()
    assert await bot.say(NEW_ROOM, WANG, WANG_NAME, "绑定 石马社区10幢") is Outcome.HANDLED
    done = only(await bot.replies())
    assert done.text.startswith("已绑定：本群现对应 石马社区10幢。")
    assert await codes(bot, NEW_ROOM) == ["shima-10"]
    # The grid moved: its old group (bound by the directory) is unbound now.
    assert await codes(bot, SHIMA_10) == []

    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "10幢301卫生间漏水")
    sent = await bot.replies()
    assert "由 王建国 负责" in only(to_group(sent, NEW_ROOM)).text
    assert "新事件" in only(to_person(sent, WANG)).text
    [event] = await bot.events()
    async with bot.app.sessions() as session:
        grid = await session.get_one(LandlordGrid, event.landlord_grid_id)
        log = await binding_log(session, chat_id=NEW_ROOM)
        wang = await person_by_contact(session, contact_id=WANG)
    assert grid.code == "shima-10" and grid.group_chat == NEW_ROOM
    assert [(r.bound_by_id, r.bound_at, r.unbound_at) for r in log] == [
        (wang.id if wang else None, bot.clock.now(), None)
    ]


async def test_bind_in_english_and_a_renamed_group_keeps_its_binding(bot: Bot) -> None:
    await bot.say(NEW_ROOM, WANG, WANG_NAME, "bind Shima 10")
    assert "石马社区10幢" in only(await bot.replies()).text
    await bot.app.handle(
        _group("楼道灯坏了，需要报修", chat_topic="石马10幢新群名"),
    )
    assert "【报修】石马社区10幢" in only(to_group(await bot.replies(), NEW_ROOM)).text


async def test_an_ambiguous_place_gets_a_numbered_choice_that_only_its_asker_answers(
    bot: Bot,
) -> None:
    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "hi")
    await bot.replies()
    await bot.say(NEW_ROOM, LI_HONG, "李红", "绑定 石马")
    choice = only(to_group(await bot.replies(), NEW_ROOM)).text
    assert choice.splitlines()[1:3] == ["1. 石马社区10幢", "2. 石马社区12幢"]
    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "2")
    assert await codes(bot, NEW_ROOM) == []
    await bot.say(NEW_ROOM, LI_HONG, "李红", "2")
    assert "石马社区12幢" in only(to_group(await bot.replies(), NEW_ROOM)).text
    assert await codes(bot, NEW_ROOM) == ["shima-12"]


async def test_a_group_covers_several_houses_of_one_landlord(bot: Bot) -> None:
    async with bot.app.sessions() as session, session.begin():
        wang = await person_by_contact(session, contact_id=WANG)
        twelve = (
            await session.exec(select(LandlordGrid).where(LandlordGrid.code == "shima-12"))
        ).one()
        assert wang is not None
        twelve.leader_id = wang.id  # type: ignore[assignment]
        session.add(twelve)
    await bot.say(NEW_ROOM, WANG, WANG_NAME, "绑定 10")
    await bot.say(NEW_ROOM, WANG, WANG_NAME, "绑定 12")
    done = (await bot.replies())[-1]
    assert "石马社区10幢、石马社区12幢" in done.text
    assert await codes(bot, NEW_ROOM) == ["shima-10", "shima-12"]

    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "12幢楼道灯坏了，需要报修")
    [event] = await bot.events()
    async with bot.app.sessions() as session:
        assert (await session.get_one(LandlordGrid, event.landlord_grid_id)).code == "shima-12"


async def test_rebinding_to_another_leaders_house_needs_authority_over_both(bot: Bot) -> None:
    await bot.say(NEW_ROOM, WANG, WANG_NAME, "绑定 石马社区10幢")
    await bot.replies()
    await bot.say(NEW_ROOM, LIU, "刘桂英", "绑定 石马社区12幢")
    assert "石马社区10幢" in only(await bot.replies()).text  # refused over the house given up
    assert await codes(bot, NEW_ROOM) == ["shima-10"]

    await bot.say(NEW_ROOM, CHEN_XIAOWEI, "陈晓伟", "绑定 石马社区12幢")
    text = only(await bot.replies()).text
    assert "石马社区12幢" in text and "原绑定的 石马社区10幢 已解除" in text
    assert await codes(bot, NEW_ROOM) == ["shima-12"]


async def test_unbinding_is_for_the_leader_only_and_logged_and_the_group_falls_silent(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "解绑")
    assert only(await bot.replies()).text.startswith("抱歉，只有")
    assert await codes(bot, SHIMA_10) == ["shima-10"]

    await bot.say(SHIMA_10, WANG, WANG_NAME, "解绑")
    assert "已解除本群与 石马社区10幢 的绑定" in only(await bot.replies()).text
    assert await codes(bot, SHIMA_10) == []
    async with bot.app.sessions() as session:
        [row] = (await session.exec(select(GroupBinding).order_by(col(GroupBinding.id)))).all()
        wang = await person_by_contact(session, contact_id=WANG)
    assert (row.bound_by_id, row.unbound_by_id) == (None, wang.id if wang else None)
    assert row.unbound_at == bot.clock.now()

    await bot.say(SHIMA_10, *CHEN_JING, "10幢301卫生间漏水")
    sent = await bot.replies()
    assert [d.chat_kind for d in sent] == [ChatKind.GROUP, ChatKind.DIRECT, ChatKind.DIRECT]
    assert "绑定" in to_group(sent, SHIMA_10)[0].text  # the introduction, once
    assert await bot.events() == []


def _group(text: str, *, chat_topic: str) -> Inbound:
    return memory.group_message(
        text, chat_id=NEW_ROOM, sender_id="wxid_t1", sender_name="租客甲", chat_topic=chat_topic
    )


async def test_staff_ask_for_the_unbound_groups_and_a_tenant_gets_nothing(bot: Bot) -> None:
    ask = memory.direct_message("未绑定群", sender_id=LI_HONG, sender_name="李红")
    await bot.app.handle(ask)
    assert only(await bot.replies()).text == "目前没有未绑定的群。"
    await bot.say(NEW_ROOM, "wxid_t1", "租客甲", "hi")
    await bot.replies()
    await bot.app.handle(memory.direct_message("未绑定群", sender_id=LI_HONG, sender_name="李红"))
    assert f"1. （未命名群）（{NEW_ROOM}）" in only(await bot.replies()).text
    tenant = memory.direct_message("未绑定群", sender_id=CHEN_JING[0], sender_name=CHEN_JING[1])
    assert await bot.app.handle(tenant) is Outcome.IGNORED
