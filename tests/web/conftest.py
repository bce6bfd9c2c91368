"""A small grid directory and an answering feed for the web and simulator tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.chat import ChatKind, Delivery, Inbound, MemberJoin
from bot.directory import (
    CommunityEntry,
    Directory,
    GridEntry,
    LandlordGridEntry,
    MicroGridEntry,
    PersonEntry,
)
from bot.transport.simulator.transport import SimulatorTransport


def small_directory() -> Directory:
    people = (
        PersonEntry("li-shuji", "李书记", phone="13800000001", roles=("community_staff",)),
        PersonEntry("zhao", "赵网格员", roles=("grid_worker",), contact_id="wxid_zhao"),
        PersonEntry("chen", "陈小微", roles=("micro_grid_worker",)),
        PersonEntry(
            "wang",
            "王建国",
            roles=("landlord", "landlord_grid_leader"),
            contact_id="wxid_wang",
        ),
        PersonEntry("liu", "刘芳", roles=("landlord", "landlord_grid_leader")),
        PersonEntry("zhang", "张三", roles=("tenant",), home="shima-10", contact_id="wxid_zhang"),
        PersonEntry("zhangsan-feng", "张三丰", roles=("tenant",), home="shima-10"),
        PersonEntry("anna", "Anna Smith", lang="en", roles=("tenant",), home="shima-12"),
    )
    return Directory(
        people=people,
        communities=(CommunityEntry("shima", "石马社区", staff="li-shuji"),),
        grids=(GridEntry("shima-g1", "shima", "石马社区第一网格", worker="zhao"),),
        micro_grids=(MicroGridEntry("shima-g1-m1", "shima-g1", "石马第一微网格", worker="chen"),),
        landlord_grids=(
            LandlordGridEntry(
                "shima-10",
                "shima-g1-m1",
                "石马社区10幢",
                ("10",),
                "wang",
                address="留下街道石马社区10幢",
                group_chat="room-shima-10",
                group_name="石马10幢房东群",
            ),
            LandlordGridEntry("shima-12", "shima-g1-m1", "石马社区12幢", ("12", "12A"), "liu"),
        ),
    )


class EchoBot:
    """A stand-in for the dispatcher: answers every message through the transport."""

    def __init__(self, transport: SimulatorTransport) -> None:
        self.transport = transport
        self.seen: list[Inbound | MemberJoin] = []

    async def __call__(self, item: Inbound | MemberJoin) -> None:
        self.seen.append(item)
        if isinstance(item, MemberJoin):
            welcome = Delivery(ChatKind.GROUP, item.chat_id, "欢迎入群", item.member_ids)
            await self.transport.send(welcome)
        elif item.chat_kind is ChatKind.GROUP:
            reply = f"收到：{item.text}"
            await self.transport.send(
                Delivery(ChatKind.GROUP, item.chat_id, reply, (item.sender_id,))
            )
            await self.transport.send(
                Delivery(ChatKind.DIRECT, item.sender_id, f"已登记：{item.text}")
            )
        else:
            await self.transport.send(
                Delivery(ChatKind.DIRECT, item.chat_id, f"私信收到：{item.text}")
            )


@pytest.fixture
def directory() -> Directory:
    return small_directory()


@pytest.fixture
async def simulator(directory: Directory) -> AsyncIterator[SimulatorTransport]:
    transport = SimulatorTransport(directory)
    yield transport
    await transport.stop()


@pytest.fixture
async def echo(simulator: SimulatorTransport) -> EchoBot:
    bot = EchoBot(simulator)
    await simulator.start(bot)
    return bot
