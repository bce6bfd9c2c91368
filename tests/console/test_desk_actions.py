"""The event desk's actions are the chat commands: the same permission, the same EventLog
rows, the same messages to the reporters, the group and the people concerned (the whole
bot on the street, chat and console over one database and one outbox)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html import unescape
from typing import Any

import pytest
from aiohttp import ClientResponse
from sqlmodel import col, select

from bot.chat import ChatKind, Delivery
from models.event import Event, EventLog
from models.states import CloseReason, EventState
from tests.console.support import NOW, RunningBot, csrf_of, sign_in

ROOM = "18833201475@chatroom"  # 清水湾3号楼's group (tests/deployments/wutong/wechat.toml)
# Two tenants the directory does not know, whose accounts wechat.toml does not list either.
XIAO_YE = ("wxid_xiaoye", "小叶")
XIAO_WANG = ("wxid_xiaowang", "小王")
DAI = ("wxid_dai1962", "戴师傅")  # 戴国华, landlord of 清水湾3号楼
XU = ("wxid_xwj_qingshui", "许文娟")  # community staff of 清水湾社区
CAI = ("wxid_caimin_qs", "蔡敏")  # the micro-grid worker above 戴国华
A, B = "2026-0001", "2026-0002"


@pytest.fixture
async def bot(running_bot: RunningBot) -> AsyncIterator[RunningBot]:
    """Two reports in 清水湾3号楼's group, both assigned to its landlord 戴国华."""
    await running_bot.say(ROOM, *XIAO_YE, "3号楼201卫生间漏水了")
    await running_bot.say(ROOM, *XIAO_WANG, "3号楼301卫生间漏水了")
    await running_bot.sent()
    yield running_bot


async def as_person(bot: RunningBot, key: str) -> None:
    bot.client.session.cookie_jar.clear()
    await sign_in(bot.client, bot.app.sessions, key, NOW)


async def on_desk(bot: RunningBot, number: str, verb: str, **form: str) -> ClientResponse:
    page = await bot.client.get(f"/console/events/{number}")
    assert page.status == 200, await page.text()
    data = {"csrf_token": csrf_of(await page.text()), **form}
    return await bot.client.post(
        f"/console/events/{number}/{verb}", data=data, allow_redirects=False
    )


async def notice(bot: RunningBot, number: str) -> tuple[str, str]:
    html = await (await bot.client.get(f"/console/events/{number}")).text()
    found = re.search(r'id="notice" data-kind="(\w+)" role="status">([^<]*)<', html)
    assert found is not None, html
    return found[1], unescape(found[2])


def as_a(text: str) -> str:
    """Text about event B read as if about A: B's number, room and reporter read as A's."""
    for mine, theirs in {
        B: A,
        "301": "201",
        XIAO_WANG[0]: XIAO_YE[0],
        XIAO_WANG[1]: XIAO_YE[1],
    }.items():
        text = text.replace(mine, theirs)
    return text


def said(sent: list[Delivery]) -> list[tuple[ChatKind, str, str, tuple[str, ...]]]:
    """Who got what, as if about A (to compare what the chat did to A with the desk to B)."""
    return sorted(
        (d.chat_kind, d.chat_id, as_a(d.text), tuple(as_a(m) for m in d.mention_ids)) for d in sent
    )


async def log_of(bot: RunningBot, number: str) -> list[tuple[Any, ...]]:
    async with bot.app.sessions() as session:
        statement = (
            select(EventLog)
            .join(Event, col(Event.id) == col(EventLog.event_id))
            .where(Event.number == number)
            .order_by(col(EventLog.id))
        )
        return [
            (row.action, row.from_state, row.to_state, row.actor_id, as_a(row.note or ""), row.at)
            for row in (await session.exec(statement)).all()
        ]


async def event(bot: RunningBot, number: str) -> Event:
    async with bot.app.sessions() as session:
        found = (await session.exec(select(Event).where(Event.number == number))).one()
        return found


async def test_acknowledge_and_resolve_on_the_desk_do_what_the_chat_commands_do(
    bot: RunningBot,
) -> None:
    await bot.dm(*DAI, f"收到 {A}")
    by_chat = await bot.sent()
    await as_person(bot, "dai-guohua")
    response = await on_desk(bot, B, "ack")
    assert response.status == 303 and response.headers["Location"] == f"/console/events/{B}"
    by_desk = await bot.sent()
    assert said(by_desk) == said(by_chat)
    group = [d for d in by_desk if d.chat_id == ROOM]
    assert [d.text for d in group] == [f"#{B}【漏水】 已由 戴国华 接单，正在安排处理。"]
    assert await notice(bot, B) == ("done", f"已接单 {B}。")  # in his directory language

    await bot.dm(*DAI, f"已解决 {A} 换了水管接头")
    by_chat = await bot.sent()
    assert (await on_desk(bot, B, "resolve", note="换了水管接头")).status == 303
    by_desk = await bot.sent()
    assert said(by_desk) == said(by_chat)
    [question] = [d for d in by_desk if d.chat_id == ROOM]
    assert question.mention_ids == (XIAO_WANG[0],) and "问题解决了吗？" in question.text

    chat_log, desk_log = await log_of(bot, A), await log_of(bot, B)
    assert [row[0] for row in desk_log] == [
        "report", "assign", "ack", "resolve", "confirm_ask"
    ]  # fmt: skip
    assert desk_log[2:] == chat_log[2:]  # same actor, states, notes, moments
    assert (await event(bot, B)).state is EventState.RESOLVED


async def test_hand_over_send_back_and_progress_on_the_desk_match_the_chat(
    bot: RunningBot,
) -> None:
    await as_person(bot, "xu-wenjuan")  # community staff
    await bot.dm(*XU, f"转派 {A} 给 蔡敏")
    by_chat = await bot.sent()
    assert (await on_desk(bot, B, "handover", target="蔡敏")).status == 303
    assert said(await bot.sent()) == said(by_chat)
    assert (await event(bot, B)).assignee_id == (await event(bot, A)).assignee_id

    await as_person(bot, "cai-min")
    await bot.dm(*CAI, f"处理中 {A} 已联系房东")
    by_chat = await bot.sent()
    assert (await on_desk(bot, B, "progress", note="已联系房东")).status == 303
    assert said(await bot.sent()) == said(by_chat)

    await bot.dm(*CAI, f"退回 {A} 不在我片区")
    by_chat = await bot.sent()
    assert (await on_desk(bot, B, "send_back", note="不在我片区")).status == 303
    assert said(await bot.sent()) == said(by_chat)
    assert (await log_of(bot, B))[2:] == (await log_of(bot, A))[2:]
    assert (await event(bot, B)).state is EventState.ASSIGNED


async def test_closing_as_duplicate_or_not_ours_needs_a_reason_and_tells_the_reporter(
    bot: RunningBot,
) -> None:
    await as_person(bot, "dai-guohua")
    assert (await on_desk(bot, B, "duplicate", note="")).status == 303
    kind, text = await notice(bot, B)
    assert (kind, text) == (
        "refused",  # as the chat would say it
        f"请写明与哪件事件重复，如“重复 {B} 同 2026-0041”，事件未作改动。",
    )
    assert await bot.sent() == [] and (await event(bot, B)).state is EventState.ASSIGNED

    await bot.dm(*DAI, f"重复 {A} 同 {B}")
    by_chat = await bot.sent()
    assert [d.text for d in by_chat if d.chat_id == ROOM] == [
        f"#{A}【漏水】 已作为重复事件关闭：同 {B}。"
    ]
    [to_group] = [d for d in by_chat if d.chat_id == ROOM]
    assert to_group.mention_ids == (XIAO_YE[0],)
    assert (await event(bot, A)).close_reason is CloseReason.DUPLICATE

    assert (await on_desk(bot, B, "not_responsible", note="属于市政管网")).status == 303
    by_desk = await bot.sent()
    assert [d.text for d in by_desk if d.chat_id == ROOM] == [
        f"#{B}【漏水】 已作为非本网格职责的事件关闭：属于市政管网。如有疑问，请联系社区。"
    ]
    closed = await event(bot, B)
    assert (closed.state, closed.close_reason) == (EventState.CLOSED, CloseReason.NOT_RESPONSIBLE)
    assert closed.next_action_at is None
    html = await (await bot.client.get(f"/console/events/{B}")).text()
    assert 'data-action="not_responsible"' in html and "属于市政管网" in html
    assert 'id="do-' not in html  # closed: nothing left to do


async def test_a_person_may_do_on_the_desk_exactly_what_they_may_do_in_chat(
    bot: RunningBot,
) -> None:
    await bot.dm(*XU, f"转派 {B} 给 蔡敏")  # above 戴国华 now
    await bot.sent()
    before = await log_of(bot, B)

    await bot.dm(*DAI, f"已解决 {B}")
    [in_chat] = await bot.sent()
    assert in_chat.text == f"抱歉，您不是事件 #{B} 的负责人，不能操作，事件未作改动。"
    await as_person(bot, "dai-guohua")
    page = await (await bot.client.get(f"/console/events/{B}")).text()
    assert 'id="not-yours"' in page and 'id="do-resolve"' not in page
    response = await on_desk(bot, B, "resolve", note="修好了")
    assert response.status == 303
    kind, text = await notice(bot, B)
    assert (kind, text) == ("refused", in_chat.text.strip())  # the chat's own sentence
    assert await log_of(bot, B) == before and await bot.sent() == []

    await as_person(bot, "peng-shufen")  # another landlord: 清水湾3号楼 is not hers
    assert (await bot.client.get(f"/console/events/{A}")).status == 404
    csrf = csrf_of(await (await bot.client.get("/console/events")).text())
    for verb in ("ack", "resolve", "duplicate"):
        refused = await bot.client.post(
            f"/console/events/{A}/{verb}", data={"csrf_token": csrf, "note": "x"}
        )
        assert refused.status == 404
    assert (await event(bot, A)).state is EventState.ASSIGNED and await bot.sent() == []

    await as_person(bot, "pan-zhiyuan")  # the grid worker, above 蔡敏
    assert (await on_desk(bot, B, "resolve", note="修好了")).status == 303
    assert (await notice(bot, B))[0] == "done"
    assert (await event(bot, B)).state is EventState.RESOLVED


async def test_the_desk_refuses_posts_without_a_token_session_or_known_action(
    bot: RunningBot,
) -> None:
    signed_out = await bot.client.post(f"/console/events/{A}/ack", data={})
    assert signed_out.status == 401
    await as_person(bot, "dai-guohua")
    no_token = await bot.client.post(f"/console/events/{A}/ack", data={})
    assert no_token.status == 403
    assert (await on_desk(bot, A, "reopen")).status == 404
    csrf = csrf_of(await (await bot.client.get("/console/events")).text())
    nowhere = await bot.client.post("/console/events/2026-0999/ack", data={"csrf_token": csrf})
    assert nowhere.status == 404
    assert (await event(bot, A)).state is EventState.ASSIGNED and await bot.sent() == []
    twice = [await on_desk(bot, A, "ack"), await on_desk(bot, A, "ack")]
    assert [r.status for r in twice] == [303, 303]
    assert (await notice(bot, A))[0] == "refused"  # acknowledged already: illegal now
    assert [row[0] for row in await log_of(bot, A)].count("ack") == 1
