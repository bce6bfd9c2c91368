"""梧桐街道 deploys by the README's steps, and its WeChat serves what wechat.toml says."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.config import Settings
from models.db import database, session_scope
from models.grid import LandlordGrid
from models.person import Person
from tests.street import Street
from tests.street_fixture import CliRunner, StreetBot

pytestmark = pytest.mark.puppet


async def test_the_directory_is_in_the_database_and_not_in_the_config(
    street: Street, street_db: str, street_settings: Settings
) -> None:
    assert street_settings.directory.landlord_grids == ()
    async with database(street_db) as (_, factory), session_scope(factory) as session:
        houses = (await session.exec(select(LandlordGrid).order_by(col(LandlordGrid.code)))).all()
        people = (await session.exec(select(Person))).all()
    assert [(h.code, h.name, h.group_chat) for h in houses] == [
        (h.code, h.name, None)
        for h in sorted(street.directory.landlord_grids, key=lambda h: h.code)
    ]
    assert {p.key for p in people} == {p.key for p in street.directory.people}
    assert all(p.contact_id is None for p in people)


async def test_houses_added_later_from_a_csv_join_the_street(
    street: Street, street_db: str, street_gridbot: CliRunner
) -> None:
    run = await street_gridbot("grid", "import", str(street.added_houses_file))
    assert run.status == 0, run.err
    shown = await street_gridbot("grid", "show")
    assert "兰亭12号楼 [lt-12]" in shown.out and "清水湾21幢 [qs-21]" in shown.out


async def test_a_report_in_a_bound_group_reaches_the_landlord_over_the_puppet_service(
    street: Street, street_bot: StreetBot
) -> None:
    assert street_bot.wechat.token.startswith("insecure_wutong_")  # a v1-style typed token
    room = await street_bot.bind("qs-15")
    await street_bot.link("su-meihua")
    tenant = "wxid_newcomer_wt"
    await street_bot.wechat.join_room(room, (tenant,), inviter_id=street.contact("su-meihua"))
    [welcome] = await street_bot.sent(1)
    assert welcome.room_id == room and "https://wutong.example.org/h/qs-15" in welcome.text

    await street_bot.wechat.say_in_room(room, tenant, "15号楼2单元602卫生间漏水了")

    group, direct = await street_bot.sent(2)
    assert (group.room_id, group.mention_ids) == (room, (tenant,))
    assert "【漏水】清水湾15号楼2单元602室" in group.text and "由 苏美华 负责" in group.text
    assert direct.to_id == street.contact("su-meihua")
    assert "报告人：新租客小吴" in direct.text
