"""梧桐街道 deployed on a database the test chooses (a cuttable proxy, a small disk), by the
README's steps: `gridbot db upgrade`, `gridbot grid import directory.toml`; one house's group
bound and its leader linked, as their chat commands would. For the outage tests, whose
database is not the `db_url` fixture's.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings, load_settings
from models.crud.bindings import bind_grid
from models.crud.grid import landlord_grid_by_code
from models.crud.people import link_contact, person_by_key
from models.db import database
from tests.street import STREET_SECRET_KEY, Street
from tests.street_fixture import STREET_START

HOUSE = "lt-2"  # 兰亭2号楼, building 2, led by shi-lei
ZH = "wxid_guxiaoyu"  # 2号楼102-顾小雨, writes Chinese
EN = "wxid_aisha_r"  # Aisha Rahman, room 301, writes English
LEADER = "shi-lei"


async def deploy_street(
    street: Street,
    url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    *,
    extra: str = "",
) -> Settings:
    """The street's settings (its config.toml plus `extra` lines) on `url`, deployed."""
    for variable in ("GRIDBOT_CONFIG", "GRIDBOT_TRANSPORT", "GRIDBOT_JOURNAL_PATH"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", url)
    monkeypatch.setenv("GRIDBOT_SECRET_KEY", STREET_SECRET_KEY)
    config = tmp_path / "street-config" / "config.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(f"{street.config.read_text(encoding='utf-8')}\n{extra}\n", "utf-8")
    for step in (["db", "upgrade"], ["grid", "import", str(street.directory_file)]):
        assert await asyncio.to_thread(main, ["--config", str(config), *step]) == 0, step
    async with database(url) as (_engine, sessions), sessions() as session, session.begin():
        grid = await landlord_grid_by_code(session, code=HOUSE)
        leader = await person_by_key(session, key=LEADER)
        assert grid is not None and leader is not None and leader.id is not None
        await link_contact(session, person_id=leader.id, contact_id=street.contact(LEADER))
        room = street.room_of(HOUSE).id
        await bind_grid(
            session, chat_id=room, landlord_grid=grid, by_id=grid.leader_id, now=STREET_START
        )
    environ = {"GRIDBOT_DATABASE_URL": url, "GRIDBOT_SECRET_KEY": STREET_SECRET_KEY}
    return load_settings(str(config), environ=environ)


def config_text(street: Street, extra: str = "") -> str:
    return f"{street.config.read_text(encoding='utf-8')}\n{extra}\n"
