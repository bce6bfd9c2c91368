"""The notice store on 梧桐街道: planning reaches the bound groups, what is in force."""

from __future__ import annotations

from datetime import timedelta

from bot.chat import ChatKind
from models.crud.grid import landlord_grid_by_code
from models.crud.notices import (
    Places,
    PlannedDelivery,
    create_notice,
    houses_under,
    notice_figures,
    notices_in_force,
    places_named,
    plan_notice,
    reach_of,
)
from models.notice import Notice, NoticeKind
from tests.street_fixture import STREET_START, StreetChat


async def _house_id(chat: StreetChat, code: str) -> int:
    async with chat.app.sessions() as session:
        house = await landlord_grid_by_code(session, code=code)
        assert house is not None and house.id is not None
        return house.id


async def test_a_grid_notice_reaches_its_bound_groups_and_is_in_force_there(
    street_chat: StreetChat,
) -> None:
    qs3 = await street_chat.bind("qs-3")
    await street_chat.bind("lt-2")
    async with street_chat.app.sessions() as session, session.begin():
        [grid] = await places_named(session, name="清水湾第一网格")
        places = Places(grid_ids=(grid.id,))
        assert len(await houses_under(session, places=places)) == 3
        reach = await reach_of(session, places=places)
        assert list(reach.groups) == [qs3]  # qs-7 and qs-9 have no group yet
        assert len(reach.without_group) == 2
        notice = await create_notice(
            session, notice=Notice(text="明天停水", scope="grid", scope_name=grid.name)
        )
        deliveries = [
            PlannedDelivery(ChatKind.GROUP.value, chat, "notice", "zh") for chat in reach.groups
        ]
        await plan_notice(
            session,
            notice=notice,
            deliveries=deliveries,
            leaders={house: reach.leaders[house] for house in reach.houses},
            send_at=STREET_START,
            until=STREET_START + timedelta(days=3),
            now=STREET_START,
        )
        visa = await create_notice(session, notice=Notice(kind=NoticeKind.VISA, text=""))
        await plan_notice(
            session,
            notice=visa,
            deliveries=[],
            leaders={house: reach.leaders[house] for house in reach.houses},
            send_at=STREET_START,
            until=None,
            now=STREET_START,
        )
        figures = await notice_figures(session, notice_id=notice.id or 0)
    assert (figures.groups, figures.delivered, figures.houses, figures.receipts) == (1, 0, 1, 0)
    assert figures.missing == ["清水湾3号楼"]
    qs3_id, lt2_id = await _house_id(street_chat, "qs-3"), await _house_id(street_chat, "lt-2")
    async with street_chat.app.sessions() as session:
        shown = await notices_in_force(session, house_id=qs3_id, now=STREET_START)
        assert [n.text for n in shown] == ["明天停水"]  # the visa warning is no notice
        assert await notices_in_force(session, house_id=lt2_id, now=STREET_START) == []
        later = STREET_START + timedelta(days=3)
        assert await notices_in_force(session, house_id=qs3_id, now=later) == []
        earlier = STREET_START - timedelta(minutes=1)
        assert await notices_in_force(session, house_id=qs3_id, now=earlier) == []
