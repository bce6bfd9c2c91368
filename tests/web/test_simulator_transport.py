"""The simulator transport without a browser: roster, posting, sending, history, listeners."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.chat import ChatKind, Delivery, Inbound, MemberJoin, Transport, TransportError
from bot.clock import FrozenClock
from bot.directory import Directory
from bot.transport.simulator.chat import BOT_ID, MAX_TEXT, SimulatorError
from bot.transport.simulator.transport import SimulatorTransport

from .conftest import EchoBot


def test_every_person_is_an_identity_with_a_contact_id(simulator: SimulatorTransport) -> None:
    ids = [identity.contact_id for identity in simulator.roster.identities]
    assert len(ids) == 8
    assert "wxid_wang" in ids
    assert "sim-chen" in ids  # no WeChat id known yet


def test_identities_are_ordered_by_role_staff_first_tenants_last(
    simulator: SimulatorTransport,
) -> None:
    roles = [identity.primary_role for identity in simulator.roster.identities]
    assert roles[0] == "community_staff"
    assert roles[-3:] == ["tenant", "tenant", "tenant"]


def test_groups_come_from_landlord_grids_with_their_members(simulator: SimulatorTransport) -> None:
    group = simulator.roster.group("room-shima-10")
    assert group is not None
    assert group.name == "石马10幢房东群"
    assert set(group.member_ids) == {
        "wxid_wang", "wxid_zhang", "sim-zhangsan-feng", "sim-chen", "wxid_zhao", "sim-li-shuji"
    }  # fmt: skip
    unnamed = simulator.roster.group("sim-room-shima-12")
    assert unnamed is not None and unnamed.name == "石马社区12幢"


async def test_a_group_post_reaches_the_feed_with_sender_and_mentions(
    simulator: SimulatorTransport, echo: EchoBot
) -> None:
    line = await simulator.post_group(
        sender_id="wxid_zhang", chat_id="room-shima-10", text="@王建国楼上漏水了 @网格助手"
    )
    await simulator.settled()
    inbound = echo.seen[0]
    assert isinstance(inbound, Inbound)
    assert inbound.platform == "simulator"
    assert inbound.message_id == line.message_id
    assert (inbound.chat_kind, inbound.chat_id) == (ChatKind.GROUP, "room-shima-10")
    assert (inbound.sender_id, inbound.sender_name) == ("wxid_zhang", "张三")
    assert inbound.chat_topic == "石马10幢房东群"
    assert inbound.mentions == ("wxid_wang",)
    assert inbound.mentions_bot


async def test_the_longest_member_name_wins_a_mention(
    simulator: SimulatorTransport, echo: EchoBot
) -> None:
    await simulator.post_group(sender_id="wxid_wang", chat_id="room-shima-10", text="@张三丰你好")
    await simulator.post_group(sender_id="wxid_wang", chat_id="room-shima-10", text="＠张三 在吗")
    await simulator.settled()
    assert [item.mentions for item in echo.seen if isinstance(item, Inbound)] == [
        ("sim-zhangsan-feng",),
        ("wxid_zhang",),
    ]


async def test_a_name_outside_the_group_is_not_a_mention(
    simulator: SimulatorTransport, echo: EchoBot
) -> None:
    await simulator.post_group(sender_id="wxid_wang", chat_id="room-shima-10", text="@刘芳 hi")
    await simulator.settled()
    inbound = echo.seen[0]
    assert isinstance(inbound, Inbound) and inbound.mentions == ()
    assert not inbound.mentions_bot


async def test_message_ids_are_unique(simulator: SimulatorTransport) -> None:
    first = await simulator.post_direct(sender_id="wxid_zhang", text="一")
    second = await simulator.post_direct(sender_id="wxid_zhang", text="一")
    assert first.message_id != second.message_id


async def test_a_direct_post_is_a_direct_inbound_from_that_person(
    simulator: SimulatorTransport, echo: EchoBot
) -> None:
    await simulator.post_direct(sender_id="sim-chen", text="查询 2026-0042")
    await simulator.settled()
    inbound = echo.seen[0]
    assert isinstance(inbound, Inbound)
    assert (inbound.chat_kind, inbound.chat_id, inbound.sender_id) == (
        ChatKind.DIRECT,
        "sim-chen",
        "sim-chen",
    )


async def test_the_bot_reply_appears_after_the_own_message_with_the_mention_rendered(
    simulator: SimulatorTransport, echo: EchoBot
) -> None:
    await simulator.post_group(sender_id="wxid_zhang", chat_id="room-shima-10", text="漏水")
    await simulator.settled()
    own, reply = simulator.history(ChatKind.GROUP, "room-shima-10")
    assert (own.sender_id, own.text, own.from_bot) == ("wxid_zhang", "漏水", False)
    assert reply.from_bot and reply.sender_id == BOT_ID
    assert reply.text == "@张三\u2005收到：漏水"
    assert reply.mentions == ("wxid_zhang",)
    (direct,) = simulator.history(ChatKind.DIRECT, "wxid_zhang")
    assert direct.text == "已登记：漏水" and direct.from_bot


async def test_histories_are_bounded(directory: Directory) -> None:
    transport = SimulatorTransport(directory, history_limit=3)
    for number in range(5):
        await transport.post_direct(sender_id="wxid_zhang", text=str(number))
    assert [line.text for line in transport.history(ChatKind.DIRECT, "wxid_zhang")] == [
        "2",
        "3",
        "4",
    ]


async def test_sending_to_an_unknown_chat_is_a_transport_error(
    simulator: SimulatorTransport, echo: EchoBot
) -> None:
    with pytest.raises(TransportError, match="no group 'room-nowhere'"):
        await simulator.send(Delivery(ChatKind.GROUP, "room-nowhere", "hi"))
    with pytest.raises(TransportError, match="no person 'wxid_nobody'"):
        await simulator.send(Delivery(ChatKind.DIRECT, "wxid_nobody", "hi"))


async def test_sending_while_stopped_is_a_transport_error_so_the_outbox_retries(
    simulator: SimulatorTransport,
) -> None:
    with pytest.raises(TransportError, match="not running"):
        await simulator.send(Delivery(ChatKind.DIRECT, "wxid_zhang", "hi"))
    assert simulator.history(ChatKind.DIRECT, "wxid_zhang") == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty_text"), ("   ", "empty_text"), ("x" * (MAX_TEXT + 1), "too_long")],
)
async def test_bad_text_is_refused_and_nothing_is_recorded(
    simulator: SimulatorTransport, text: str, code: str
) -> None:
    with pytest.raises(SimulatorError) as refused:
        await simulator.post_group(sender_id="wxid_zhang", chat_id="room-shima-10", text=text)
    assert refused.value.code == code
    assert simulator.history(ChatKind.GROUP, "room-shima-10") == ()


async def test_unknown_people_groups_and_non_members_are_refused(
    simulator: SimulatorTransport,
) -> None:
    with pytest.raises(SimulatorError, match="wxid_ghost") as unknown:
        await simulator.post_direct(sender_id="wxid_ghost", text="hi")
    assert unknown.value.code == "unknown_identity"
    with pytest.raises(SimulatorError) as no_group:
        await simulator.post_group(sender_id="wxid_zhang", chat_id="room-x", text="hi")
    assert no_group.value.code == "unknown_group"
    with pytest.raises(SimulatorError) as outsider:
        await simulator.post_group(sender_id="sim-anna", chat_id="room-shima-10", text="hi")
    assert outsider.value.code == "not_member"


async def test_joining_a_group_feeds_a_member_join_and_allows_posting(
    simulator: SimulatorTransport, echo: EchoBot
) -> None:
    assert await simulator.join(sender_id="sim-anna", chat_id="room-shima-10")
    assert not await simulator.join(sender_id="sim-anna", chat_id="room-shima-10")
    await simulator.settled()
    await simulator.post_group(sender_id="sim-anna", chat_id="room-shima-10", text="@Anna hi")
    await simulator.settled()
    join = echo.seen[0]
    assert isinstance(join, MemberJoin)
    assert (join.chat_id, join.member_ids, join.member_names) == (
        "room-shima-10",
        ("sim-anna",),
        ("Anna Smith",),
    )
    assert [line.text for line in simulator.history(ChatKind.GROUP, "room-shima-10")][:2] == [
        "@Anna Smith\u2005欢迎入群",
        "@Anna hi",
    ]


async def test_listeners_get_every_new_line_and_a_reload_hint_when_behind(
    simulator: SimulatorTransport,
) -> None:
    listener = simulator.subscribe(capacity=2)
    first = await simulator.post_direct(sender_id="wxid_zhang", text="1")
    assert listener.lines.get_nowait() == first
    for text in ("2", "3", "4"):
        await simulator.post_direct(sender_id="wxid_zhang", text=text)
    assert listener.lines.get_nowait() is None
    simulator.unsubscribe(listener)
    await simulator.post_direct(sender_id="wxid_zhang", text="5")
    assert listener.lines.empty()


async def test_a_failing_feed_does_not_stop_the_simulator(simulator: SimulatorTransport) -> None:
    seen: list[str] = []

    async def fragile(item: Inbound | MemberJoin) -> None:
        assert isinstance(item, Inbound)
        seen.append(item.text)
        if item.text == "boom":
            raise RuntimeError("handler bug")

    await simulator.start(fragile)
    await simulator.post_direct(sender_id="wxid_zhang", text="boom")
    await simulator.post_direct(sender_id="wxid_zhang", text="after")
    await simulator.settled()
    assert seen == ["boom", "after"]


async def test_timestamps_come_from_the_clock(directory: Directory) -> None:
    moment = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
    transport = SimulatorTransport(directory, clock=FrozenClock(moment))
    line = await transport.post_direct(sender_id="wxid_zhang", text="hi")
    assert line.timestamp == moment
    assert line.to_json()["timestamp"] == "2026-03-01T02:30:00+00:00"


def test_the_simulator_is_a_transport(simulator: SimulatorTransport) -> None:
    transport: Transport = simulator  # mypy checks the protocol; the test checks the name
    assert transport.platform == "simulator"
