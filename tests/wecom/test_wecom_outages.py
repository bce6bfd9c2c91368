"""The WeCom account when its connection breaks or WeCom says "too many": nothing is lost,
and the other channel goes on (梧桐街道, both channels in one app; SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.outbox import OutboxPolicy
from bot.rate_limit import RateLimit
from tests.street_fixture import WAIT
from tests.wecom.both_channels import CAI, DAI, QS3_WORK, ROBOT, BothChannels, Launcher

pytestmark = pytest.mark.puppet


@pytest.fixture
async def staff(both: BothChannels) -> BothChannels:
    await both.link("dai-guohua", DAI)
    await both.link("cai-min", CAI)
    await both.bind("qs-3", QS3_WORK)
    return both


async def retry_due(both: BothChannels) -> None:
    """Once the robot is back, let the outbox's retry come due (the clock is frozen) and
    wake it."""
    async with asyncio.timeout(WAIT):
        while not both.wecom_transport.logged_in:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    both.clock.advance(timedelta(minutes=5))
    both.app.outbox.notify()


async def test_a_connection_dropped_mid_send_loses_nothing(staff: BothChannels) -> None:
    staff.wecom.drop_on_next_send = True  # the connection breaks as the answer arrives
    await staff.wecom.say(CAI, f"{ROBOT}302卫生间漏水了", chat_id=QS3_WORK)
    await staff.wecom.subscribed(2)  # the robot is back
    await retry_due(staff)
    sent = await staff.wecom_sent(2)  # the group's answer and 戴国华's assignment, once each
    assert sorted(s.chat_id for s in sent) == sorted([QS3_WORK, DAI])
    assert staff.wecom.pending_sent() == []
    [event] = await staff.events()
    assert event.reporter_id is not None


async def test_a_report_made_while_the_robot_reconnects_is_answered(
    staff: BothChannels,
) -> None:
    await staff.wecom.drop()
    await staff.wecom.subscribed(2)
    await staff.wecom.say(CAI, f"{ROBOT}302卫生间漏水了", chat_id=QS3_WORK)
    assert len(await staff.wecom_sent(2)) == 2


async def test_too_many_is_retried_later_and_wechat_goes_on_meanwhile(
    staff: BothChannels,
) -> None:
    street = staff.street
    staff.wecom.refuse_next_send = (45009, "api freq out of limit")
    await staff.wecom.say(DAI, "待办")  # the answer is refused once
    await staff.wecom.say(CAI, f"{ROBOT}楼道灯坏了", chat_id=QS3_WORK)
    # WeChat is not held back by the WeCom account's trouble.
    room = street.room_of("lt-2").id
    await staff.wechat.say_in_room(room, street.contact("gong-weidong"), "大家好")
    assert len(await staff.wechat_sent(1)) >= 1
    await retry_due(staff)
    chats = sorted(s.chat_id for s in await staff.wecom_sent(3))
    assert chats == sorted([DAI, DAI, QS3_WORK])  # the list, the assignment, the answer


async def test_a_work_group_is_paced_like_a_wechat_group(
    both_launch: Launcher,
) -> None:
    bot = await both_launch(outbox_policy=OutboxPolicy(group_rate=RateLimit(messages=2)))
    await bot.link("dai-guohua", DAI)
    await bot.link("cai-min", CAI)
    await bot.bind("qs-3", QS3_WORK)
    for room in ("301", "302", "401"):
        await bot.wecom.say(CAI, f"{ROBOT}{room}卫生间漏水了", chat_id=QS3_WORK)
    # Two messages a minute to the group: the second carries what queued behind it by then
    # (the answers are merged), the rest waits for the next minute.
    group: list[str] = []
    assignments = 0
    while assignments < 3 or len(group) < 2:
        sent = await bot.wecom.next_sent()
        group += [sent.text] if sent.chat_id == QS3_WORK else []
        assignments += sent.chat_id == DAI
    assert len(group) == 2 and bot.wecom.pending_sent() == []
    if sum(text.count("由 戴国华 负责") for text in group) < 3:
        bot.clock.advance(timedelta(minutes=1))
        bot.app.outbox.notify()
        group.append((await bot.wecom.next_sent()).text)
    assert sum(text.count("由 戴国华 负责") for text in group) == 3
