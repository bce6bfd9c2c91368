"""Clue reports (线索举报) on 梧桐街道: "举报 …" in a direct chat becomes an anonymous event,
routed and followed up as usual, and nothing the bot sends to anyone else, nor any log
line, names the reporter or their account."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.chat import Delivery
from bot.kinds import Kind
from models.event import Event, EventLog
from models.states import EventState
from tests.street import Street
from tests.street_fixture import StreetChat

REPORTER = "zhou-xiaomei"  # 周小梅, a tenant of 清水湾3号楼 (WeChat name 小梅)
CLUE = "举报 清水湾3号楼 楼道里堆满纸箱，还有人给电动车充电"


def identity(street: Street) -> tuple[str, ...]:
    """Everything that would point at the reporter."""
    contact = street.contact(REPORTER)
    return (street.person(REPORTER).name, street.contacts[contact], contact)


def leaks(deliveries: list[Delivery], street: Street) -> list[str]:
    """Messages to anyone but the reporter that name them."""
    contact = street.contact(REPORTER)
    return [
        d.text
        for d in deliveries
        if d.chat_id != contact and any(mark in d.text for mark in identity(street))
    ]


async def events(chat: StreetChat) -> list[Event]:
    async with chat.app.sessions() as session:
        return list((await session.exec(select(Event).order_by(col(Event.id)))).all())


async def test_a_clue_reaches_the_leader_and_the_ladder_without_the_reporter(
    street_chat: StreetChat, street: Street, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await street_chat.link("dai-guohua", "cai-min", REPORTER)
    room = await street_chat.bind("qs-3")
    reporter = street.contact(REPORTER)
    dai = street.contact("dai-guohua")
    sent: list[Delivery] = []

    await street_chat.dm(reporter, CLUE)
    first = await street_chat.sent()
    sent += first
    [event] = await events(street_chat)
    assert event.anonymous and event.kind in (Kind.FIRE_HAZARD, Kind.SANITATION, Kind.SECURITY)
    assert event.state is EventState.ASSIGNED and event.text == CLUE.removeprefix("举报 ")
    ack = next(d for d in first if d.chat_id == reporter)
    assert f"匿名线索已登记 #{event.number}" in ack.text
    assignment = next(d for d in first if d.chat_id == dai)
    assert "报告人：匿名（线索举报）\n位置：" in assignment.text
    assert all(d.chat_id != room for d in first)  # the group hears nothing of it

    # The leader asks for the details; the deadline passes and it climbs the ladder.
    await street_chat.dm(dai, f"详情 {event.number}")
    details = await street_chat.sent()
    assert "报告人：匿名（线索举报）" in details[0].text
    sent += details
    assert event.acknowledge_due is not None
    worker = street_chat.app.followup
    assert worker is not None
    street_chat.clock.set(event.acknowledge_due)
    for _ in range(48):  # reminders first, then the micro-grid worker
        street_chat.clock.set(street_chat.clock.now() + timedelta(hours=1))
        await worker.tick()
        sent += await street_chat.sent()
        if any(d.chat_id == street.contact("cai-min") for d in sent):
            break
    escalation = next(d for d in sent if d.chat_id == street.contact("cai-min"))
    assert f"#{event.number}" in escalation.text

    # Resolved: the reporter is asked in their direct chat, and confirms.
    await street_chat.dm(dai, f"已解决 {event.number} 纸箱已清走，已提醒租户")
    resolved = await street_chat.sent()
    sent += resolved
    question = [d for d in resolved if d.chat_id == reporter]
    assert (question and "修好" in question[0].text) or "解决" in question[0].text
    assert all(d.chat_id != room for d in resolved)
    await street_chat.dm(reporter, "好了，谢谢")
    closed = await street_chat.sent()
    sent += closed
    told = next(d for d in closed if d.chat_id == dai)
    assert "报告人 （匿名） 已确认" in told.text
    [done] = await events(street_chat)
    assert done.state is EventState.CLOSED

    assert leaks(sent, street) == []
    lines = [record.getMessage() for record in caplog.records]
    assert not [line for line in lines if any(mark in line for mark in identity(street))]
    # The log rows name nobody either (the console's timeline shows their actors).
    async with street_chat.app.sessions() as session:
        logs = (await session.exec(select(EventLog).where(EventLog.event_id == event.id))).all()
    assert {log.actor_id for log in logs} <= {None, done.assignee_id}


async def test_a_clue_without_a_place_is_not_recorded_and_the_word_alone_explains(
    street_chat: StreetChat, street: Street
) -> None:
    reporter = street.contact(REPORTER)
    await street_chat.dm(reporter, "举报")
    [how] = await street_chat.sent()
    assert "请在“举报”后写明楼栋和情况" in how.text
    await street_chat.dm(reporter, "举报 有人在楼道里给电动车充电")
    [where] = await street_chat.sent()
    assert "没有说在哪里" in where.text
    assert await events(street_chat) == []


async def test_an_ordinary_report_in_a_direct_chat_still_names_its_reporter(
    street_chat: StreetChat, street: Street
) -> None:
    await street_chat.link("dai-guohua", REPORTER)
    await street_chat.dm(street.contact(REPORTER), "清水湾3号楼楼道灯坏了")
    sent = await street_chat.sent()
    [event] = await events(street_chat)
    assert not event.anonymous
    assert any("报告人：周小梅\n位置：" in d.text for d in sent)  # its own line
