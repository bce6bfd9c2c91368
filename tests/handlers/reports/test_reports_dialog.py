"""The location question (answered, and left to expire), corrections, the group rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.chat import Inbound
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.pipeline import Outcome
from bot.outbox import OutboxPolicy
from bot.rate_limit import RateLimit
from bot.render import Renderer
from bot.transport import memory
from handlers.reports.fallback import expire_location_questions
from models.crud.bindings import bind_grid
from models.crud.grid import landlord_grid_by_code
from models.crud.people import person_by_key
from models.event import EventLog
from models.messaging import Dialog
from models.states import EventState
from tests.handlers.conftest import Bot, BotFactory, to_group, to_person
from tests.handlers.reports.test_reports import CHEN_JING, LIU, SHIMA_10, WANG, only

TWO_HOUSES = "room-shima-15-16"  # one group bound to two landlord grids (15幢 and 16幢)
STRANGER = ("wxid_stranger", "新来的")  # nobody the register knows
YANG = "wxid_yangxiulan"  # leader of 石马社区16幢
LI_HONG = "wxid_lihong"  # community staff of 石马社区


@pytest.fixture
async def two_house_group(bot: Bot) -> str:
    """A group covering two houses: without a building named, the landlord grid is unknown."""
    async with bot.app.sessions() as session, session.begin():
        landlord = await person_by_key(session, key="zhang-wei")
        assert landlord is not None and landlord.id is not None
        for code in ("shima-15", "shima-16"):
            grid = await landlord_grid_by_code(session, code=code)
            assert grid is not None
            await bind_grid(
                session,
                chat_id=TWO_HOUSES,
                landlord_grid=grid,
                by_id=landlord.id,
                now=bot.clock.now(),
            )
    return TWO_HOUSES


async def test_an_unlocatable_report_asks_once_and_the_answer_assigns_it(
    bot: Bot, two_house_group: str
) -> None:
    await bot.say(TWO_HOUSES, *STRANGER, "卫生间漏水了")
    asked = only(await bot.replies())
    assert (asked.chat_id, asked.mention_ids) == (TWO_HOUSES, (STRANGER[0],))
    assert asked.text == "请问是几幢几室？（30 分钟内直接回复即可，例如“10幢301”）"
    [event] = await bot.events()
    assert (event.state, event.landlord_grid_id, event.assignee_id) == (EventState.NEW, None, None)

    bot.clock.advance(timedelta(minutes=29))
    assert await bot.say(TWO_HOUSES, *STRANGER, "16幢302") is Outcome.HANDLED
    sent = await bot.replies()
    assert only(to_group(sent, TWO_HOUSES)).text.startswith(
        "已登记 #2026-0001【漏水】石马社区16幢302室\n由 杨秀兰 负责"
    )
    assert "位置：石马社区16幢302室" in only(to_person(sent, YANG)).text
    [event] = await bot.events()
    assert (event.state, event.building, event.room) == (EventState.ASSIGNED, "16", "302")
    async with bot.app.sessions() as session:
        assert (await session.exec(select(Dialog))).all() == []


async def test_a_question_left_unanswered_expires_and_goes_to_community_staff(
    bot: Bot, two_house_group: str
) -> None:
    await bot.say(TWO_HOUSES, *STRANGER, "卫生间漏水了")
    await bot.replies()
    bot.clock.advance(timedelta(minutes=31))

    # Too late to be an answer: a bare place is chatter.
    assert await bot.say(TWO_HOUSES, *STRANGER, "16幢302") is Outcome.IGNORED
    assert await bot.replies() == []
    [event] = await bot.events()
    assert event.state is EventState.NEW

    renderer, now = Renderer(), bot.clock.now()
    assert bot.app.followup is not None
    rules = bot.app.followup.rules
    async with bot.app.sessions() as session, session.begin():
        outbounds = await expire_location_questions(
            session, settings=bot.app.settings, rules=rules, now=now
        )
        await Enqueuer(renderer).enqueue(session, outbounds, now=now)
    sent = await bot.replies()
    assert only(to_group(sent, TWO_HOUSES)).text == (
        "未收到位置答复。已登记 #2026-0001【漏水】位置待确认，暂未确定所属房东网格，"
        "已转社区工作人员 李红 处理。"
    )
    assert "未能确定所属房东网格" in only(to_person(sent, LI_HONG)).text
    [event] = await bot.events()
    assert (event.state, event.escalation_level) == (EventState.ASSIGNED, 3)


async def test_an_urgent_report_without_a_place_says_whom_to_call_before_asking(
    bot: Bot, two_house_group: str
) -> None:
    await bot.say(TWO_HOUSES, *STRANGER, "着火了，快来人")
    lines = only(await bot.replies()).text.splitlines()
    assert lines[0].startswith("⚠️ 请立即拨打 119")
    assert lines[1].startswith("请问是几幢几室？")


async def test_a_correction_changes_the_room_and_tells_group_and_leader(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢301卫生间漏水")
    await bot.replies()
    bot.clock.advance(timedelta(minutes=3))
    assert await bot.say(SHIMA_10, *CHEN_JING, "不是301，是302") is Outcome.HANDLED
    sent = await bot.replies()

    assert only(to_group(sent, SHIMA_10)).text == "已更正 #2026-0001 的位置：石马社区10幢302室。"
    assert only(to_person(sent, WANG)).text == (
        "#2026-0001（漏水）位置更正为 石马社区10幢302室（原为 石马社区10幢301室）。"
    )
    [event] = await bot.events()
    assert event.room == "302"
    async with bot.app.sessions() as session:
        log = (await session.exec(select(EventLog).order_by(col(EventLog.id).desc()))).first()
    assert log is not None and (log.action, log.note) == (
        "correct",
        "石马社区/10/301 → 石马社区/10/302",
    )


async def test_a_corrected_building_moves_the_event_to_that_grids_leader(bot: Bot) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢楼道灯坏了，需要报修")
    await bot.replies()
    await bot.say(SHIMA_10, *CHEN_JING, "不是10幢，是12幢")
    sent = await bot.replies()

    assert "改由 刘桂英 负责" in only(to_group(sent, SHIMA_10)).text
    assert only(to_person(sent, LIU)).text.startswith("新事件 #2026-0001：报修")
    assert "已改派给 刘桂英" in only(to_person(sent, WANG)).text
    [event] = await bot.events()
    assert (event.building, event.state) == ("12", EventState.ASSIGNED)


async def test_a_worker_corrects_their_report_in_a_direct_chat_instead_of_getting_help(
    bot: Bot,
) -> None:
    # Bug: a worker's "不是201，是202" to the bot was taken for an unknown leader command and
    # answered with the command help; the correction was lost.
    zhao_lei = ("wxid_zhaolei", "赵磊")  # grid worker
    await bot.app.handle(direct(zhao_lei, "10幢201卫生间漏水"))
    await bot.replies()
    assert await bot.app.handle(direct(zhao_lei, "不是201，是202")) is Outcome.HANDLED
    reply = only(to_person(await bot.replies(), zhao_lei[0])).text
    assert reply == "已更正 #2026-0001 的位置：石马社区10幢202室。"
    assert [e.room for e in await bot.events()] == ["202"]


def direct(sender: tuple[str, str], text: str) -> Inbound:
    return memory.direct_message(text, sender_id=sender[0], sender_name=sender[1])


async def test_a_correction_after_the_window_or_by_someone_else_changes_nothing(
    bot: Bot,
) -> None:
    await bot.say(SHIMA_10, *CHEN_JING, "10幢301卫生间漏水")
    await bot.replies()
    assert await bot.say(SHIMA_10, "wxid_other", "别人", "不是301，是302") is Outcome.IGNORED
    bot.clock.advance(timedelta(minutes=31))
    assert await bot.say(SHIMA_10, *CHEN_JING, "不是301，是302") is Outcome.IGNORED
    assert await bot.replies() == []
    assert [e.room for e in await bot.events()] == ["301"]


async def test_the_group_rate_limit_batches_replies_instead_of_flooding(
    make_bot: BotFactory,
) -> None:
    bot = await make_bot(OutboxPolicy(group_rate=RateLimit(messages=2, per=timedelta(minutes=1))))
    reports = [
        "10幢卫生间漏水",
        "楼道垃圾没人清理",
        "门锁坏了要报修",
        "楼下车停在消防通道",
        "下水道堵了",
    ]
    for n, text in enumerate(reports):
        await bot.say(SHIMA_10, f"wxid_tenant{n}", f"租客{n}", text)

    first = to_group(await bot.replies(), SHIMA_10)
    assert len(first) == 2
    assert first[0].text.count("已登记") == 1
    assert first[1].text.count("已登记") == 4  # the rest, merged into the last message allowed
    assert set(first[1].mention_ids) == {f"wxid_tenant{n}" for n in range(1, 5)}
    assert len(await bot.events()) == 5
