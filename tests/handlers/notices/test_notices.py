"""Notices on 梧桐街道 in the simulator's way (memory transport, the test drives time):
staff write them, every bound group of the scope gets one message at the account's pace,
landlords' receipts are counted, the landlord who did not answer is reminded once."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat import ChatKind, Delivery
from bot.notices.sender import NoticeSender
from tests.street_fixture import STREET_START, StreetChat

CAI_MIN = "wxid_caimin_qs"  # micro-grid worker of 清水湾一网格A片: qs-3 and qs-7


def _sender(chat: StreetChat) -> NoticeSender:
    assert chat.app.notices is not None
    return chat.app.notices


async def _send_all(chat: StreetChat, *, step: timedelta = timedelta(seconds=4)) -> list[Delivery]:
    """Let the notice sender work, step by step of the clock, until it has nothing to do."""
    sent: list[Delivery] = []
    for _ in range(20):
        await _sender(chat).tick()
        out = await chat.sent()
        sent += out
        chat.clock.set(chat.clock.now() + step)
    return sent


def _number(text: str) -> int:
    found = re.search(r"(?:通知|预警) (\d+)", text)
    assert found, text
    return int(found.group(1))


async def _write(chat: StreetChat, text: str) -> int:
    await chat.dm(CAI_MIN, text)
    [preview] = await chat.sent()
    number = _number(preview.text)
    await chat.dm(CAI_MIN, "确认")
    [confirmed] = await chat.sent()
    assert "已确认" in confirmed.text, confirmed.text
    return number


async def test_a_micro_grid_notice_reaches_each_bound_group_once_and_counts_receipts(
    street_chat: StreetChat,
) -> None:
    await street_chat.link("cai-min", "dai-guohua", "peng-shufen")
    qs3, qs7 = await street_chat.bind("qs-3"), await street_chat.bind("qs-7")
    await street_chat.dm(CAI_MIN, "通知 清水湾一网格A片 明天9:00-12:00停水，请提前储水")
    [preview] = await street_chat.sent()
    assert "2 个群、2 户" in preview.text and "确认" in preview.text, preview.text
    number = _number(preview.text)
    await street_chat.dm(CAI_MIN, "确认")
    await street_chat.sent()

    sent = await _send_all(street_chat)
    groups = [d for d in sent if d.chat_kind is ChatKind.GROUP]
    assert sorted(d.chat_id for d in groups) == sorted([qs3, qs7])
    assert all(f"【通知 {number}】明天9:00-12:00停水" in d.text for d in groups)

    await street_chat.say(qs3, street_chat.street.contact("dai-guohua"), "收到")
    assert await street_chat.sent() == []  # stored quietly
    await street_chat.dm(CAI_MIN, f"通知 {number} 情况")
    [status] = await street_chat.sent()
    assert "已送达 2/2 个群，回执 1/2 户" in status.text, status.text
    assert "未回执：清水湾7幢" in status.text

    # Four working hours later (a Wednesday): the one landlord without a receipt is reminded.
    street_chat.clock.set(STREET_START + timedelta(hours=4, minutes=5))
    reminders = await _send_all(street_chat)
    assert [(d.chat_kind, d.chat_id) for d in reminders] == [
        (ChatKind.DIRECT, street_chat.street.contact("peng-shufen"))
    ]
    assert "清水湾7幢" in reminders[0].text and "提醒" in reminders[0].text
    street_chat.clock.set(STREET_START + timedelta(days=1))
    assert await _send_all(street_chat) == []  # once

    await street_chat.dm(street_chat.street.contact("peng-shufen"), "收到")
    [thanks] = await street_chat.sent()
    assert f"通知 {number}" in thanks.text
    await street_chat.dm(CAI_MIN, f"通知 {number} 情况")
    [status] = await street_chat.sent()
    assert "回执 2/2 户" in status.text and "全部已回执" in status.text


async def test_groups_leave_at_the_accounts_pace(street_chat: StreetChat) -> None:
    await street_chat.link("cai-min")
    await street_chat.bind("qs-3")
    await street_chat.bind("qs-7")
    await _write(street_chat, "通知 清水湾一网格A片 今晚检查消防通道")
    await _sender(street_chat).tick()
    assert len(await street_chat.sent()) == 1
    street_chat.clock.set(STREET_START + timedelta(seconds=2))  # 20 a minute: 3 s apart
    await _sender(street_chat).tick()
    assert await street_chat.sent() == []
    street_chat.clock.set(STREET_START + timedelta(seconds=3.31))  # 3 s and at most 10 % more
    await _sender(street_chat).tick()
    assert len(await street_chat.sent()) == 1


async def test_a_restarted_sender_sends_no_group_twice_and_skips_none(
    street_chat: StreetChat,
) -> None:
    await street_chat.link("cai-min")
    rooms = {await street_chat.bind("qs-3"), await street_chat.bind("qs-7")}
    await _write(street_chat, "通知 清水湾一网格A片 明天停电")
    await _sender(street_chat).tick()
    first = await street_chat.sent()
    app = street_chat.app
    again = NoticeSender(
        sessions=app.sessions,
        enqueuer=app.enqueuer,
        clock=street_chat.clock,
        sending=app.settings.sending,
        notices=app.settings.notices,
        quiet=app.rules.quiet,
        working=app.rules.working,
    )
    street_chat.clock.set(STREET_START + timedelta(seconds=1))
    await again.tick()  # the pace survives the restart: not yet
    assert await street_chat.sent() == []
    rest: list[Delivery] = []
    for second in (4, 8, 12):
        street_chat.clock.set(STREET_START + timedelta(seconds=second))
        await again.tick()
        rest += await street_chat.sent()
    assert sorted(d.chat_id for d in first + rest) == sorted(rooms)


async def test_non_urgent_notices_wait_out_quiet_hours_and_urgent_ones_do_not(
    street_chat: StreetChat,
) -> None:
    await street_chat.link("cai-min")
    qs3 = await street_chat.bind("qs-3")
    night = STREET_START + timedelta(hours=13)  # 23:00 in Shanghai, quiet from 22:30
    street_chat.clock.set(night)
    await _write(street_chat, "通知 清水湾3号楼 明天检查燃气")
    await _sender(street_chat).tick()
    assert await street_chat.sent() == []
    await _write(street_chat, "预警 清水湾3号楼 大风预警，请收好阳台杂物")
    await _sender(street_chat).tick()
    [urgent] = await street_chat.sent()
    assert urgent.chat_id == qs3 and urgent.text.startswith("【预警")
    street_chat.clock.set(STREET_START + timedelta(hours=20, minutes=59))  # 06:59
    await _sender(street_chat).tick()
    assert await street_chat.sent() == []
    street_chat.clock.set(STREET_START + timedelta(hours=21))  # 07:00, quiet hours over
    await _sender(street_chat).tick()
    [morning] = await street_chat.sent()
    assert "明天检查燃气" in morning.text


async def test_a_scheduled_notice_is_listed_and_can_be_called_off(street_chat: StreetChat) -> None:
    await street_chat.link("cai-min")
    await street_chat.bind("qs-3")
    number = await _write(street_chat, "通知 清水湾3号楼 周五消防演练 定时 11月27日 09:00")
    await street_chat.dm(CAI_MIN, "通知 列表")
    [listed] = await street_chat.sent()
    assert f"{number}. 11月27日 09:00 清水湾3号楼" in listed.text, listed.text
    await street_chat.dm(CAI_MIN, f"通知 {number} 取消")
    [cancelled] = await street_chat.sent()
    assert "已取消" in cancelled.text
    street_chat.clock.set(STREET_START + timedelta(days=2))
    assert await _send_all(street_chat) == []


async def test_staff_send_only_within_their_scope(street_chat: StreetChat) -> None:
    await street_chat.link("cai-min", "he-yong")
    await street_chat.bind("lt-2")
    await street_chat.dm(CAI_MIN, "通知 兰亭社区 明天停水")
    [refused] = await street_chat.sent()
    assert "不在您负责的范围内" in refused.text
    await street_chat.dm(CAI_MIN, "通知 石马社区 明天停水")
    [unknown] = await street_chat.sent()
    assert "找不到“石马社区”" in unknown.text


async def test_a_landlords_direct_received_acknowledges_a_waiting_event_first(
    street_chat: StreetChat,
) -> None:
    street = street_chat.street
    await street_chat.link("cai-min", "dai-guohua")
    qs3 = await street_chat.bind("qs-3")
    await street_chat.say(qs3, street.contact("zhou-xiaomei"), "3号楼502卫生间漏水了")
    await street_chat.sent()  # the group's answer, the landlord's assignment
    number = await _write(street_chat, "通知 清水湾3号楼 明天停水")
    await _send_all(street_chat)
    await street_chat.dm(street.contact("dai-guohua"), "收到")
    acked = await street_chat.sent()  # the event was acknowledged, as before notices
    assert acked and not any("回执" in d.text for d in acked), [d.text for d in acked]
    await street_chat.dm(CAI_MIN, f"通知 {number} 情况")
    [status] = await street_chat.sent()
    assert "回执 0/1 户" in status.text
    await street_chat.say(qs3, street.contact("dai-guohua"), "收到")
    await street_chat.dm(CAI_MIN, f"通知 {number} 情况")
    [status] = await street_chat.sent()
    assert "回执 1/1 户" in status.text
