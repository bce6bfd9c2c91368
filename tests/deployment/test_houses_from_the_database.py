"""The directory in the database is the one truth: houses loaded by `gridbot grid import`
are found by `gridbot tenants` and `gridbot qr`, and `[register.houses.X]` may name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.street import Street
from tests.street_fixture import CliRunner, StreetBot

ID_NUMBER = "330106199503142029"  # a valid check digit, invented


@pytest.mark.parametrize("name", ["qs-3", "清水湾3号楼", "3号楼", "3"])
async def test_qr_finds_an_imported_house_by_code_name_or_building(
    street_db: str, street_gridbot: CliRunner, tmp_path: Path, name: str
) -> None:
    run = await street_gridbot("qr", name, "--out", str(tmp_path))
    assert run.status == 0, run.err
    assert run.out.splitlines()[0] == "清水湾3号楼: https://wutong.example.org/h/qs-3"
    assert (tmp_path / "qs-3.png").stat().st_size > 0
    assert (tmp_path / "qs-3.svg").stat().st_size > 0


async def test_a_house_imported_later_from_csv_is_found_too(
    street: Street, street_db: str, street_gridbot: CliRunner, tmp_path: Path
) -> None:
    assert (await street_gridbot("grid", "import", str(street.added_houses_file))).status == 0
    run = await street_gridbot("qr", "12号楼", "--out", str(tmp_path))
    assert run.out.splitlines()[0] == "兰亭12号楼: https://wutong.example.org/h/lt-12"
    tenants = await street_gridbot("tenants", "lt-12")
    assert tenants.status == 0 and tenants.out.startswith("兰亭12号楼 [lt-12]  兰亭社区")


async def test_a_building_of_two_communities_asks_for_the_code(
    street_db: str, street_gridbot: CliRunner
) -> None:
    run = await street_gridbot("tenants", "7幢")
    assert run.status == 2
    assert "building '7幢' is in several communities: give the code" in run.err
    assert "qs-7 (清水湾7幢)" in run.err and "lt-7 (兰亭7幢)" in run.err


async def test_an_unknown_house_lists_the_houses_there_are(
    street_db: str, street_gridbot: CliRunner
) -> None:
    run = await street_gridbot("qr", "99号楼")
    assert run.status == 2
    assert "no house '99号楼'" in run.err and "qs-15 (清水湾15号楼)" in run.err


async def test_register_settings_for_imported_houses_are_accepted_and_checked(
    street: Street, street_db: str, street_gridbot: CliRunner, tmp_path: Path
) -> None:
    checked = await street_gridbot("config", "check")
    assert checked.status == 0, checked.err
    assert "register: 2 houses with their own settings, all in the database" in checked.out

    mistaken = tmp_path / "mistaken.toml"
    text = street.config.read_text(encoding="utf-8")
    mistaken.write_text(text + '\n[register.houses.qs-30]\nrooms = ["101"]\n', encoding="utf-8")
    run = await street_gridbot("--config", str(mistaken), "config", "check")
    assert run.status == 2
    assert f"{mistaken}: register.houses.qs-30: no house with this code in the database" in run.err
    assert "(its houses: lt-2, lt-7, qs-15, qs-3, qs-7, qs-9)" in run.err

    refused = await street_gridbot(
        "--config", str(mistaken), "run", env={"GRIDBOT_WECHATY_TOKEN": "insecure_unused"}
    )
    assert refused.status == 2 and "register.houses.qs-30: no house" in refused.err


async def test_before_the_import_the_check_says_how_to_load_houses(
    street: Street, street_gridbot: CliRunner, db_url: str
) -> None:
    before = "the database is not migrated" if "postgresql" in db_url else "does not exist yet"
    fresh = await street_gridbot("config", "check")
    assert fresh.status == 0 and fresh.out.endswith(f"{before}\n")
    assert (await street_gridbot("db", "upgrade")).status == 0
    run = await street_gridbot("config", "check")
    assert run.status == 2
    assert "register.houses.lt-2: no house with this code in the database" in run.err
    assert "none yet: load them with `gridbot grid import FILE`" in run.err


@pytest.mark.puppet
async def test_coverage_counts_a_tenant_registered_in_chat_in_an_imported_house(
    street: Street, street_bot: StreetBot, street_gridbot: CliRunner
) -> None:
    room = await street_bot.bind("qs-3")
    await street_bot.link("dai-guohua")
    landlord = street.contact("dai-guohua")
    await street_bot.wechat.say_in_room(
        room, landlord, f"新租客张伟，身份证{ID_NUMBER}，电话13812345678，住401"
    )
    [question] = await street_bot.sent(1)
    assert "请核对" in question.text
    await street_bot.wechat.say_in_room(room, landlord, "确认")
    [done] = await street_bot.sent(1)
    assert "已完成清水湾3号楼入住登记：张伟（401室）" in done.text

    house = await street_gridbot("tenants", "3号楼")
    assert house.status == 0, house.err
    assert "张伟  3301**********2029  138****5678" in house.out and ID_NUMBER not in house.out
    assert "coverage 登记覆盖率: 1/10 10%, 1 resident registered" in house.out
    coverage = (await street_gridbot("tenants", "all")).out
    assert "清水湾3号楼 [qs-3]  1/10 10%, 1 resident registered" in coverage
    assert "兰亭2号楼 [lt-2]  0/4 0%, 0 residents registered" in coverage
    assert "清水湾7幢 [qs-7]  no room list ([register.houses.qs-7] rooms), 0 residents" in coverage
    assert "清水湾社区  1/10 10% of listed rooms, 1 resident registered" in coverage
