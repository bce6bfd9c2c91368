"""`gridbot db upgrade`, `gridbot grid import` and `gridbot grid show` on both databases."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel import func, select

from bot.cli import main
from bot.directory import Directory
from models.crud.directory_export import stored_directory
from models.crud.directory_sync import directory_is_empty
from models.db import database, session_scope
from models.grid import LandlordGrid
from models.person import Person

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"
HEADER = (
    "level,code,parent,name,buildings,address,responsible,responsible_name,responsible_phone,"
    "group_chat"
)
CSV_ROWS = [
    "community,shima,,石马社区,,,li,李书记,13800000001,",
    "grid,g1,shima,第一网格,,,zhao,赵网格员,,",
    "micro_grid,m1,g1,第一微网格,,,chen,陈小微,,",
    "landlord_grid,shima-10,m1,石马社区10幢,10,留下街道石马社区10幢,wang,王建国,,room-10",
    "landlord_grid,shima-21,m1,石马社区21-22幢,21;22,,xu,徐志强,,room-21",
]
TOML_HEAD = """\
[[people]]
key = "wang"
name = "王建国"

[[communities]]
code = "shima"
name = "石马社区"

[[grids]]
code = "g1"
community = "shima"
name = "第一网格"

[[micro_grids]]
code = "m1"
grid = "g1"
name = "第一微网格"

[[landlord_grids]]
code = "shima-10"
micro_grid = "m1"
name = "石马社区10幢"
buildings = ["10"]
leader = "wang"
group_chat = "room-10"
"""


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The CLI pointed at `db_url` through the environment, run from an unrelated directory."""
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", db_url)
    monkeypatch.delenv("GRIDBOT_CONFIG", raising=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return db_url


async def gridbot(*args: str) -> int:
    # The CLI runs its own event loop, so it gets a thread of its own.
    return await asyncio.to_thread(main, ["--config", str(EXAMPLE), *args])


async def stored(url: str) -> Directory:
    async with database(url) as (_, factory), session_scope(factory) as session:
        return await stored_directory(session)


async def counts(url: str) -> tuple[int, int]:
    async with database(url) as (_, factory), session_scope(factory) as session:
        people = (await session.exec(select(func.count()).select_from(Person))).one()
        houses = (await session.exec(select(func.count()).select_from(LandlordGrid))).one()
        return people, houses


def write(tmp_path: Path, name: str, text: str) -> Path:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return file


async def test_upgrade_then_show_an_empty_directory(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await gridbot("db", "upgrade") == 0
    assert "migrated to head" in capsys.readouterr().out
    async with database(cli_db) as (_, factory), session_scope(factory) as session:
        assert await directory_is_empty(session)
    assert await gridbot("grid", "show") == 0
    assert "the grid directory is empty" in capsys.readouterr().out


async def test_an_unmigrated_database_is_refused(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await gridbot("grid", "show") == 2
    assert "is not migrated: run `gridbot db upgrade`" in capsys.readouterr().err


async def test_importing_the_demo_directory_twice_changes_nothing_the_second_time(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await gridbot("db", "upgrade")
    assert await gridbot("grid", "import", str(EXAMPLE)) == 0
    first = capsys.readouterr().out
    assert "created" in first and "landlord_grid" in first
    before = await stored(cli_db)
    async with database(cli_db) as (_, factory), session_scope(factory) as session:
        assert not await directory_is_empty(session)
    assert await gridbot("grid", "import", str(EXAMPLE)) == 0
    assert "already up to date, nothing changed" in capsys.readouterr().out
    assert await stored(cli_db) == before
    assert await gridbot("grid", "show") == 0
    shown = capsys.readouterr().out
    assert "石马社区10幢 [shima-10]" in shown and "leader: 王建国" in shown
    assert "group: 石马10幢房东群 (room-shima-10)" in shown


async def test_a_csv_import_upserts(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await gridbot("db", "upgrade")
    file = write(tmp_path, "grid.csv", "\n".join([HEADER, *CSV_ROWS]) + "\n")
    assert await gridbot("grid", "import", str(file)) == 0
    assert await gridbot("grid", "import", str(file)) == 0
    assert "nothing changed" in capsys.readouterr().out.splitlines()[-1]
    # The leader changes, a building moves between the two houses, the group is renamed.
    rows = [*CSV_ROWS[:3]]
    rows.append("landlord_grid,shima-10,m1,石马社区10幢,10;21,,wang,王建国,,room-10b")
    rows.append("landlord_grid,shima-21,m1,石马社区21-22幢,22,,liu,刘芳,,room-21")
    write(tmp_path, "grid.csv", "\n".join([HEADER, *rows]) + "\n")
    assert await gridbot("grid", "import", str(file)) == 0
    assert "created 1 person; updated 2 landlord_grid" in capsys.readouterr().out
    houses = {h.code: h for h in (await stored(cli_db)).landlord_grids}
    assert houses["shima-10"].buildings == ("10", "21")
    assert houses["shima-10"].group_chat == "room-10b"
    assert (houses["shima-21"].buildings, houses["shima-21"].leader) == (("22",), "liu")


BAD_TOML = [
    (
        '[[landlord_grids]]\ncode = "shima-30"\nmicro_grid = "m9"\nname = "30幢"\n'
        'buildings = ["30"]\nleader = "wang"\n',
        ':27: landlord_grids[1].micro_grid: unknown micro-grid "m9"',
    ),
    (
        '[[landlord_grids]]\ncode = "shima-30"\nmicro_grid = "m1"\nname = "30幢"\n'
        'buildings = ["10"]\nleader = "wang"\n',
        ':27: landlord_grids[1].buildings: building "10" of community "shima" already belongs',
    ),
    (
        '[[landlord_grids]]\ncode = "shima-30"\nmicro_grid = "m1"\nname = "30幢"\n'
        'buildings = ["30"]\n',
        ":27: landlord_grids[1].leader: missing (required)",
    ),
]


@pytest.mark.parametrize(("extra", "message"), BAD_TOML)
async def test_a_bad_toml_entry_imports_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, message: str
) -> None:
    await gridbot("db", "upgrade")
    file = write(tmp_path, "grid.toml", TOML_HEAD + "\n" + extra)
    assert await gridbot("grid", "import", str(file)) == 2
    assert f"gridbot: {file}{message}" in capsys.readouterr().err
    assert await counts(cli_db) == (0, 0)


BAD_CSV = [
    ("landlord_grid,shima-30,m9,30幢,30,,wang,,,", ':7: parent: unknown micro-grid "m9"'),
    ("landlord_grid,shima-30,m1,30幢,21,,wang,,,", ':7: buildings: building "21" of community'),
    ("landlord_grid,shima-30,m1,30幢,30,,,,,", ":7: responsible: missing (required)"),
]


@pytest.mark.parametrize(("row", "message"), BAD_CSV)
async def test_a_bad_csv_line_imports_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, message: str
) -> None:
    await gridbot("db", "upgrade")
    file = write(tmp_path, "grid.csv", "\n".join([HEADER, *CSV_ROWS, row]) + "\n")
    assert await gridbot("grid", "import", str(file)) == 2
    assert f"gridbot: {file}{message}" in capsys.readouterr().err
    assert await counts(cli_db) == (0, 0)


async def test_a_clash_with_stored_grids_imports_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await gridbot("db", "upgrade")
    await gridbot("grid", "import", str(write(tmp_path, "a.csv", "\n".join([HEADER, *CSV_ROWS]))))
    before = await counts(cli_db)
    rows = [
        "landlord_grid,shima-40,m1,40幢,40,,hu,胡海,,",  # fine on its own, must not be kept
        "landlord_grid,shima-30,m1,30幢,10,,hu,,,",  # building 10 is stored as shima-10's
    ]
    file = write(tmp_path, "b.csv", "\n".join([HEADER, *rows]))
    assert await gridbot("grid", "import", str(file)) == 2
    err = capsys.readouterr().err
    assert f'{file}:3: buildings: building "10" already belongs to landlord grid "shima-10"' in err
    rows = ["landlord_grid,shima-30,m1,30幢,30,,hu,胡海,,room-21"]
    file = write(tmp_path, "c.csv", "\n".join([HEADER, *rows]))
    assert await gridbot("grid", "import", str(file)) == 2
    assert 'is already the group of landlord grid "shima-21"' in capsys.readouterr().err
    assert await counts(cli_db) == before


async def test_an_import_may_refer_to_stored_parents(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await gridbot("db", "upgrade")
    await gridbot("grid", "import", str(write(tmp_path, "a.csv", "\n".join([HEADER, *CSV_ROWS]))))
    rows = ["landlord_grid,shima-30,m1,30幢,30,,wang,,,room-30"]  # m1 and wang are stored
    assert (
        await gridbot("grid", "import", str(write(tmp_path, "b.csv", "\n".join([HEADER, *rows]))))
        == 0
    )
    assert "created 1 landlord_grid" in capsys.readouterr().out
    houses = {h.code: h for h in (await stored(cli_db)).landlord_grids}
    assert houses["shima-30"].leader == "wang"


async def test_a_missing_file_is_a_usage_error(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await gridbot("db", "upgrade")
    assert await gridbot("grid", "import", "no-such.toml") == 2
    assert "no-such.toml: cannot read" in capsys.readouterr().err
