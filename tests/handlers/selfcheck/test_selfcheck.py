"""The monthly safety self-check on 梧桐街道: checklists, answers, events, reminders, report."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.kinds import Kind
from bot.register.scheduler import RegisterJobs
from models.crud.grid import landlord_grid_by_code
from models.crud.people import person_by_key
from models.event import Event
from models.selfcheck import SelfCheck
from models.states import EventState
from tests.street import Street
from tests.street_fixture import (
    ChatLauncher,
    CliRunner,
    Configure,
    StreetChat,
)

SELFCHECK = '[selfcheck]\nday = 25\nremind_after = "2d"\n'


async def launch(
    configure: Configure, chat_launch: ChatLauncher, extra: str = SELFCHECK
) -> StreetChat:
    chat = await chat_launch(settings=configure(extra))
    await chat.link("dai-guohua", "peng-shufen", "cai-min")
    return chat


def jobs(chat: StreetChat) -> RegisterJobs:
    assert chat.app.register_jobs is not None
    return chat.app.register_jobs


async def test_on_its_day_each_linked_landlord_gets_the_checklist_once(
    street_configure: Configure, street_chat_launch: ChatLauncher, street: Street
) -> None:
    chat = await launch(street_configure, street_chat_launch)
    run = await jobs(chat).run_due()
    assert run.selfchecks == 2
    sent = await chat.sent()
    assert sorted(d.chat_id for d in sent) == sorted(
        [street.contact("dai-guohua"), street.contact("peng-shufen")]
    )
    dai = next(d for d in sent if d.chat_id == street.contact("dai-guohua"))
    assert "【出租房安全自查 2026-11】清水湾3号楼" in dai.text
    assert "1. 电动车是否在楼道外、室外充电？" in dai.text
    assert "4. 烟感报警器是否正常工作？" in dai.text
    # A second run the same day (a restart) sends nothing again.
    assert (await jobs(chat).run_due()).selfchecks == 0
    assert await chat.sent() == []


async def test_before_its_day_or_without_the_section_nobody_is_asked(
    street_configure: Configure, street_chat_launch: ChatLauncher
) -> None:
    later = await launch(street_configure, street_chat_launch, "[selfcheck]\nday = 26\n")
    assert (await jobs(later).run_due()).selfchecks == 0
    off = await launch(street_configure, street_chat_launch, "")
    assert (await jobs(off).run_due()).selfchecks == 0


async def test_a_no_opens_a_fire_hazard_event_assigned_to_the_house_as_usual(
    street_configure: Configure, street_chat_launch: ChatLauncher, street: Street
) -> None:
    chat = await launch(street_configure, street_chat_launch)
    await jobs(chat).run_due()
    await chat.sent()
    dai = street.contact("dai-guohua")
    await chat.dm(dai, "1是 2否 3是 4是")
    sent = await chat.sent()
    [event] = [e for e in await events(chat)]
    assert event.kind is Kind.FIRE_HAZARD and event.state is EventState.ASSIGNED
    async with chat.app.sessions() as session:
        house = await landlord_grid_by_code(session, code="qs-3")
    assert house is not None
    assert (event.landlord_grid_id, event.assignee_id) == (house.id, house.leader_id)
    assert event.text == "安全自查未通过：灭火器是否在有效期内？"
    assert event.acknowledge_due is not None  # the normal deadlines
    texts = [d.text for d in sent]
    assert all(d.chat_id == dai for d in sent)
    done = next(t for t in texts if "本月安全自查已完成" in t)
    assert f"第2项为“否”，已登记消防隐患 #{event.number}" in done
    assignment = next(t for t in texts if t.startswith("新事件"))
    assert f"回复“收到 {event.number}”接单" in assignment
    assert len(texts) == 2  # no acknowledgement of the landlord's own "report" to themself
    # The landlord acknowledges it like any assignment.
    await chat.dm(dai, f"收到 {event.number}")
    [acknowledged] = await events(chat)
    assert acknowledged.state is EventState.ACKNOWLEDGED


async def test_answers_one_by_one_in_any_form_finish_the_checklist(
    street_configure: Configure, street_chat_launch: ChatLauncher, street: Street
) -> None:
    chat = await launch(street_configure, street_chat_launch)
    await jobs(chat).run_due()
    await chat.sent()
    peng = street.contact("peng-shufen")
    await chat.dm(peng, "是")
    [first] = await chat.sent()
    assert "已记录 1/4 项" in first.text and "下一项：2. 灭火器是否在有效期内？" in first.text
    await chat.dm(peng, "no")
    second = [d.text for d in await chat.sent()]
    assert "已记录 2/4 项" in second[0] and "已登记消防隐患" in second[0]
    await chat.dm(peng, "全部正常")
    [done] = [d.text for d in await chat.sent()]
    assert "清水湾7幢 本月安全自查已完成（4 项）" in done
    async with chat.app.sessions() as session:
        statement = select(SelfCheck).where(col(SelfCheck.completed_at).is_not(None))
        [check] = (await session.exec(statement)).all()
    assert check.answers == {"1": True, "2": False, "3": True, "4": True}
    assert len(check.events) == 1
    # Finished: "是" is no longer an answer (and the dialog is closed).
    await chat.dm(peng, "是")
    assert await chat.sent() == []


async def test_an_unfinished_checklist_is_reminded_once_after_remind_after(
    street_configure: Configure, street_chat_launch: ChatLauncher, street: Street
) -> None:
    chat = await launch(street_configure, street_chat_launch)
    await jobs(chat).run_due()
    await chat.sent()
    await chat.dm(street.contact("peng-shufen"), "全部正常")
    await chat.dm(street.contact("dai-guohua"), "1是 2是")
    await chat.sent()
    chat.clock.set(chat.clock.now() + timedelta(days=1))
    assert (await jobs(chat).run_due()).selfchecks == 0
    chat.clock.set(chat.clock.now() + timedelta(days=1, minutes=1))
    assert (await jobs(chat).run_due()).selfchecks == 1
    [reminder] = await chat.sent()
    assert reminder.chat_id == street.contact("dai-guohua")
    assert "还有 2 项没有回答" in reminder.text and "3. 疏散通道" in reminder.text
    assert "1. 电动车" not in reminder.text
    assert (await jobs(chat).run_due()).selfchecks == 0
    await chat.dm(street.contact("dai-guohua"), "3是 4否")
    assert any("本月安全自查已完成" in d.text for d in await chat.sent())


async def test_gridbot_report_shows_the_completion_rate_per_grid(
    street_configure: Configure,
    street_chat_launch: ChatLauncher,
    street: Street,
    street_gridbot: CliRunner,
) -> None:
    chat = await launch(street_configure, street_chat_launch)
    await chat.link("shi-lei")
    await jobs(chat).run_due()
    await chat.dm(street.contact("dai-guohua"), "全部正常")
    await chat.sent()
    run = await street_gridbot("report", "--month", "2026-11")
    assert run.status == 0, run.err
    assert "safety self-check 2026-11" in run.out
    assert "qs-g1 清水湾第一网格: 1/2 completed (50%), 0 hazards" in run.out
    assert "lt-g1 兰亭第一网格: 0/1 completed (0%), 0 hazards" in run.out


async def events(chat: StreetChat) -> list[Event]:
    async with chat.app.sessions() as session:
        return list((await session.exec(select(Event).order_by(col(Event.id)))).all())


async def test_an_english_speaking_landlord_is_asked_and_answered_in_english(
    street_configure: Configure, street_chat_launch: ChatLauncher, street: Street
) -> None:
    chat = await launch(street_configure, street_chat_launch)
    async with chat.app.sessions() as session, session.begin():
        peng = await person_by_key(session, key="peng-shufen")
        assert peng is not None
        peng.lang = "en"
        session.add(peng)
    await jobs(chat).run_due()
    sent = await chat.sent()
    [checklist] = [d for d in sent if d.chat_id == street.contact("peng-shufen")]
    assert "[Monthly safety self-check 2026-11] 清水湾7幢" in checklist.text
    assert "2. Are the fire extinguishers within their expiry date?" in checklist.text
    await chat.dm(street.contact("peng-shufen"), "yes yes no yes")
    texts = [d.text for d in await chat.sent()]
    assert any('Question 3 is "no": fire hazard #' in t for t in texts)
    assert any("is complete (4 questions)" in t for t in texts)
