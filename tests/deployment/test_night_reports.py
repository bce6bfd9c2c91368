"""Night reports (issue 12, item 16), over 梧桐街道's WeChat (quiet hours 22:30-07:00).

A non-urgent leak reported at 00:39 on a Tuesday: its deadlines count no quiet hours (two
hours to acknowledge from 07:00: 09:00), the group is told when it will be looked at, and
the landlord's assignment waits for the quiet hours to end like every non-urgent message;
his first message of the day is the assignment, not an overdue reminder. An urgent report
reaches the landlord and the micro-grid worker at once, as always.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.followup.quiet import QuietHours
from models.crud.event_queries import event_history
from models.event import Event
from tests.street import Street
from tests.street_fixture import StreetBot

pytestmark = pytest.mark.puppet

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2026, 12, 8, 0, 39, tzinfo=SHANGHAI)  # a Tuesday, a working day

Launcher = Callable[..., Awaitable[StreetBot]]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 8, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
async def night_bot(street_launch: Launcher) -> StreetBot:
    bot = await street_launch(clock=FrozenClock(NIGHT.astimezone(UTC)))
    await bot.link("dai-guohua", "cai-min")
    await bot.bind("qs-3")
    return bot


async def the_event(bot: StreetBot) -> Event:
    async with bot.app.sessions() as session:
        event = await session.get_one(Event, 1)
        session.expunge(event)
        return event


async def test_a_night_leak_is_promised_for_the_morning_and_assigned_when_quiet_ends(
    street: Street, night_bot: StreetBot
) -> None:
    room, dai = street.room_of("qs-3").id, street.contact("dai-guohua")
    await night_bot.wechat.say_in_room(room, street.contact("zhou-xiaomei"), "502卫生间漏水了")
    [ack] = await night_bot.sent(1)
    assert ack.room_id == room
    assert "由 戴国华 负责（夜间不打扰，明早 7:00 通知），明早 9:00 前接单" in ack.text

    event = await the_event(night_bot)
    assert event.acknowledge_due == at(9).astimezone(UTC)  # 2 hours counted from 07:00
    assert (await night_bot.worker_pass(at(6, 59))).queued == 0  # nothing to the landlord yet
    assert (await night_bot.worker_pass(at(7))).queued == 1
    [assignment] = await night_bot.sent(1)
    assert assignment.to_id == dai and assignment.text.startswith("新事件 #2026-0001：漏水")
    assert "请于 12月8日 09:00 前接单" in assignment.text
    morning = await night_bot.worker_pass(at(8, 59))
    assert (morning.queued, morning.digests) == (0, 1)  # not overdue at first sight
    [digest] = await night_bot.sent(1)
    assert digest.text.startswith("☀️ 戴国华，早上好！12月8日待办事件 1 件")
    assert (await night_bot.worker_pass(at(9))).queued == 1
    [reminder] = await night_bot.sent(1)
    assert reminder.to_id == dai and reminder.text.startswith("⏰ 催办（第1次）")
    async with night_bot.app.sessions() as session:
        actions = [row.action for row in await event_history(session, event_id=1)]
    assert actions[-3:] == ["assign_held", "assign_told", "remind"]


async def test_acknowledging_in_the_night_leaves_nothing_to_tell_in_the_morning(
    street: Street, night_bot: StreetBot
) -> None:
    room, dai = street.room_of("qs-3").id, street.contact("dai-guohua")
    await night_bot.wechat.say_in_room(room, street.contact("zhou-xiaomei"), "502卫生间漏水了")
    await night_bot.sent(1)
    night_bot.clock.set(at(1, 5))  # type: ignore[attr-defined]
    await night_bot.wechat.say_to_bot(dai, "收到 1")  # he saw the group anyway
    [done] = await night_bot.sent(1)  # no line to the group in quiet hours
    assert done.to_id == dai and done.text.startswith("已接单 #2026-0001")
    assert (await night_bot.worker_pass(at(7, 1))).queued == 0


async def test_an_urgent_report_in_the_night_goes_out_at_once(
    street: Street, night_bot: StreetBot
) -> None:
    room = street.room_of("qs-3").id
    await night_bot.wechat.say_in_room(room, street.contact("zhou-xiaomei"), "楼道里着火了，好多烟")
    group, leader, worker = await night_bot.sent(3)
    assert group.room_id == room and "119" in group.text
    assert leader.to_id == street.contact("dai-guohua") and leader.text.startswith("【紧急】")
    assert worker.to_id == street.contact("cai-min")


async def test_an_english_reporter_is_told_when_in_english(
    street: Street, street_launch: Launcher
) -> None:
    bot = await street_launch(clock=FrozenClock(NIGHT.astimezone(UTC)))
    room = await bot.bind("lt-2")
    await bot.wechat.say_in_room(room, street.contact("aisha-rahman"), "The sink in 301 leaks")
    [ack] = await bot.sent(1)
    assert "Assigned to 石磊, who will be told at 7:00 tomorrow morning (no messages at night)" in (
        ack.text
    )
    assert "to be acknowledged by 9:00 tomorrow morning" in ack.text


def test_deadlines_count_only_the_time_outside_the_quiet_hours() -> None:
    quiet = QuietHours(SHANGHAI, at(22, 30).time(), at(7).time())
    assert quiet.add_outside(NIGHT, timedelta(hours=2)) == at(9)
    before = datetime(2026, 12, 7, 21, 30, tzinfo=SHANGHAI)  # an hour before they begin
    assert quiet.add_outside(before, timedelta(hours=2)) == at(8)
    assert quiet.add_outside(at(10), timedelta(hours=2)) == at(12)  # the day is untouched
