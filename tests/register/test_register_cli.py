"""`gridbot qr` writes the household code; `gridbot tenants` shows the register, masked."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
import segno

from bot.cli import main
from bot.register.draft import Draft
from bot.register.keys import data_keys
from bot.register.store import save_registration
from models.crud.directory_sync import sync_directory
from models.crud.grid import landlord_grid_by_code
from models.crud.tenants import views_of
from models.db import database, session_scope
from tests.register_support import REPO, START, VALID_ID, example_settings

CONFIG = str(REPO / "config.example.toml")


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated database holding the demo directory: the houses come from the database."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", url)
    assert main(["--config", CONFIG, "db", "upgrade"]) == 0
    assert main(["--config", CONFIG, "grid", "import", CONFIG]) == 0
    return url


def test_qr_writes_png_and_svg_opening_the_house_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_db: str
) -> None:
    status = main(["--config", CONFIG, "qr", "10", "--out", str(tmp_path / "codes")])

    assert status == 0
    url = "http://127.0.0.1:8080/h/shima-10"
    assert url in capsys.readouterr().out
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="png", scale=8, border=4)
    assert (tmp_path / "codes" / "shima-10.png").read_bytes() == expected.getvalue()
    svg = (tmp_path / "codes" / "shima-10.svg").read_text()
    assert svg.startswith("<?xml") and "<svg" in svg and url in svg


@pytest.mark.parametrize(
    ("house", "message"),
    [("99", "no house '99'"), ("nowhere", "give a house code, name or building number")],
)
def test_qr_names_a_house_it_cannot_find(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_db: str, house: str, message: str
) -> None:
    assert main(["--config", CONFIG, "qr", house, "--out", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_tenants_shows_the_register_masked_and_reveals_only_with_a_purpose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'g.db'}"
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", url)
    assert main(["--config", CONFIG, "db", "upgrade"]) == 0
    settings = example_settings(url)
    draft = Draft(
        name="张三",
        document_type="id_card",
        document_number=VALID_ID,
        phone="13812345678",
        room="301",
    )

    async def fill() -> None:
        async with database(url) as (_, factory), session_scope(factory) as session:
            await sync_directory(session, directory=settings.directory)
            house = await landlord_grid_by_code(session, code="shima-10")
            assert house is not None and house.id is not None
            await save_registration(
                session,
                keys=data_keys(settings),
                draft=draft,
                landlord_grid_id=house.id,
                person_id=None,
                now=START,
                tz=settings.timezone,
            )

    asyncio.run(fill())
    capsys.readouterr()

    assert main(["--config", CONFIG, "tenants", "shima-10"]) == 0
    shown = capsys.readouterr().out
    assert "#1   301  张三  3301**********123X  138****5678  CN" in shown
    assert "未登记房间: 101, 102, 201, 202, 302, 401, 402" in shown
    assert "coverage 登记覆盖率: 1/8 12%" in shown
    assert VALID_ID not in shown

    assert main(["--config", CONFIG, "tenants", "all"]) == 0
    assert "石马社区  1/16 6%" in capsys.readouterr().out

    assert main(["--config", CONFIG, "tenants", "10", "--reveal", "1"]) == 2
    assert "--purpose" in capsys.readouterr().err
    assert main(["--config", CONFIG, "tenants", "10", "--reveal", "1", "--purpose", "核查"]) == 0
    assert VALID_ID in capsys.readouterr().out

    async def audit() -> list[str]:
        async with database(url) as (_, factory), session_scope(factory) as session:
            return [f"{v.field}:{v.purpose}" for v in await views_of(session, tenant_id=1)]

    assert asyncio.run(audit()) == ["document:核查"]
