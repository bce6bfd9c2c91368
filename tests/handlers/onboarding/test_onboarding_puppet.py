"""Onboarding through a real Wechaty puppet service over a mock WeChat."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.config import Settings
from bot.onboarding.invite_codes import code_hash
from bot.transport.wechaty.mentions import MENTION_SEPARATOR
from bot.transport.wechaty.transport import WechatyTransport
from models.crud.invites import issue_invite
from models.crud.people import person_by_key
from tests.handlers.conftest import START
from tests.handlers.reports.test_reports import CHEN_JING, SHIMA_10, WANG
from tests.puppet_fixture import BOT_ID, NEWCOMER, MockWeChat, Sent

pytestmark = pytest.mark.puppet

LI_HONG, ZHOU_MIN = "wxid_lihong", "wxid_zhoumin"


@pytest.fixture
async def running_bot(settings: Settings, mock_wechat: MockWeChat) -> AsyncIterator[App]:
    transport = WechatyTransport(
        endpoint=mock_wechat.endpoint, token=mock_wechat.token, login_timeout=10, retry_initial=0.1
    )
    app = build_app(
        settings, transport=transport, clock=FrozenClock(START)
    )  # daytime: nothing waits for the night
    await app.start()
    yield app
    await app.stop()


async def sent(mock_wechat: MockWeChat, count: int) -> list[Sent]:
    async with asyncio.timeout(20):
        return [await mock_wechat.next_sent() for _ in range(count)]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def test_unknown_group_intro_refusal_binding_and_a_routed_report(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    room = unique("room-onboard") + "@chatroom"
    await mock_wechat.create_room(room, "新房东群", (BOT_ID, WANG, CHEN_JING[0]))

    await mock_wechat.say_in_room(room, CHEN_JING[0], "大家好")
    first = await sent(mock_wechat, 3)
    [intro] = [s for s in first if s.room_id == room]
    assert "绑定 石马社区10幢" in intro.text and "bind Shima 10" in intro.text
    assert {s.to_id for s in first if s.room_id is None} == {LI_HONG, ZHOU_MIN}

    await mock_wechat.say_in_room(room, CHEN_JING[0], "卫生间漏水了")  # silence: no reply
    await mock_wechat.say_in_room(room, CHEN_JING[0], "绑定 石马社区10幢")
    [refused] = await sent(mock_wechat, 1)
    assert refused.room_id == room and refused.mention_ids == (CHEN_JING[0],)
    assert "抱歉，只有石马社区10幢的网格长" in refused.text

    await mock_wechat.say_in_room(room, WANG, "绑定 石马社区10幢")
    [bound] = await sent(mock_wechat, 1)
    assert "已绑定：本群现对应 石马社区10幢。" in bound.text

    await mock_wechat.say_in_room(room, CHEN_JING[0], "10幢301卫生间漏水")
    group, direct = await sent(mock_wechat, 2)
    mention = f"@{CHEN_JING[1]}{MENTION_SEPARATOR}"
    assert group.room_id == room
    assert group.text.startswith(
        mention + "已登记 #2026-0001【漏水】石马社区10幢301室\n由 王建国 负责"
    )
    assert direct.to_id == WANG and "报告人：陈静" in direct.text


async def test_a_leader_links_with_an_invite_code_and_bad_codes_are_refused(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    now = running_bot.clock.now()
    async with running_bot.sessions() as session, session.begin():
        person = await person_by_key(session, key="zhang-wei")
        assert person is not None and person.id is not None
        await issue_invite(
            session, person_id=person.id, code_hash=code_hash("GB-GOOD-2345"), now=now
        )
        await issue_invite(
            session,
            person_id=person.id,
            code_hash=code_hash("GB-OLD2-3456"),
            now=now - timedelta(hours=25),
        )
    account = NEWCOMER[0]
    await mock_wechat.say_to_bot(account, "邀请码 GB-GOOD-2346")
    await mock_wechat.say_to_bot(account, "邀请码 GB-OLD2-3456")
    await mock_wechat.say_to_bot(account, "邀请码 GB-GOOD-2345")
    await mock_wechat.say_to_bot(account, "邀请码 GB-GOOD-2345")
    wrong, expired, linked, reused = await sent(mock_wechat, 4)
    assert {wrong.to_id, expired.to_id, linked.to_id, reused.to_id} == {account}
    assert "无效" in wrong.text and "已过期" in expired.text and "已经使用过" in reused.text
    assert linked.text.startswith("张伟您好，您的微信已与网格名录关联")
    async with running_bot.sessions() as session:
        person = await person_by_key(session, key="zhang-wei")
    assert person is not None and person.contact_id == account


async def test_a_nickname_gives_the_room_of_a_report_without_one(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    tenant = unique("wxid_nick")
    await mock_wechat.create_contact(tenant, "10幢402-小周")
    await mock_wechat.join_room(SHIMA_10, (tenant,), inviter_id=WANG)
    [welcome] = await sent(mock_wechat, 1)
    assert welcome.room_id == SHIMA_10 and welcome.mention_ids == (tenant,)
    assert "欢迎 10幢402-小周 加入本群" in welcome.text
    assert "http://127.0.0.1:8080/h/shima-10" in welcome.text

    await mock_wechat.say_in_room(SHIMA_10, tenant, "卫生间漏水了")
    group, _ = await sent(mock_wechat, 2)
    assert "【漏水】石马社区10幢402室" in group.text


async def test_language_switching_by_direct_message(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    await mock_wechat.say_to_bot(NEWCOMER[0], "English please")
    await mock_wechat.say_to_bot(NEWCOMER[0], "GB-AAAA-BBBB")
    await mock_wechat.say_to_bot(NEWCOMER[0], "说中文")
    await mock_wechat.say_to_bot(NEWCOMER[0], "GB-AAAA-BBBB")
    english, refused_en, chinese, refused_zh = await sent(mock_wechat, 4)
    assert english.text == "OK, I will write to you in English from now on."
    assert refused_en.text.startswith("This invite code is not valid.")
    assert chinese.text == "好的，之后我用中文和您交流。"
    assert refused_zh.text.startswith("这个邀请码无效")


async def test_invited_into_an_unknown_group_the_bot_introduces_itself_before_anyone_speaks(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    room = unique("room-invited") + "@chatroom"
    await mock_wechat.create_room(room, "邀请进来的群", (WANG, CHEN_JING[0]))
    await mock_wechat.join_room(room, (BOT_ID,), inviter_id=WANG)
    first = await sent(mock_wechat, 3)
    [intro] = [s for s in first if s.room_id == room]
    assert "绑定 石马社区10幢" in intro.text and "bind Shima 10" in intro.text
    assert intro.mention_ids == ()
    assert {s.to_id for s in first if s.room_id is None} == {LI_HONG, ZHOU_MIN}


async def test_invited_into_a_bound_group_the_bot_only_welcomes_the_people_who_came_too(
    mock_wechat: MockWeChat, running_bot: App
) -> None:
    tenant = unique("wxid_with_bot")
    await mock_wechat.create_contact(tenant, "小吴")
    await mock_wechat.join_room(SHIMA_10, (BOT_ID,), inviter_id=WANG)  # nothing to say
    await mock_wechat.join_room(SHIMA_10, (BOT_ID, tenant), inviter_id=WANG)
    [welcome] = await sent(mock_wechat, 1)
    assert welcome.room_id == SHIMA_10 and welcome.mention_ids == (tenant,)
    assert "欢迎 小吴 加入本群！" in welcome.text
