"""Parsing and validating the grid directory (pure: no database)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from bot.directory import DirectoryError, Known, parse_directory, read_directory

Data = dict[str, Any]


def valid() -> Data:
    return {
        "people": [
            {"key": "li", "name": "李书记", "roles": ["community_staff"]},
            {"key": "zhao", "name": "赵网格员", "roles": ["grid_worker"]},
            {"key": "chen", "name": "陈小微", "lang": "en"},
            {"key": "wang", "name": "王建国", "phone": "13800001010", "contact_id": "wxid_wang"},
            {
                "key": "zhang",
                "name": "张三",
                "roles": ["tenant"],
                "home": "shima-10",
                "room": "301",
            },
        ],
        "communities": [{"code": "shima", "name": "石马社区", "aliases": ["石马"], "staff": "li"}],
        "grids": [{"code": "g1", "community": "shima", "name": "第一网格", "worker": "zhao"}],
        "micro_grids": [{"code": "m1", "grid": "g1", "name": "第一微网格", "worker": "chen"}],
        "landlord_grids": [
            {
                "code": "shima-10",
                "micro_grid": "m1",
                "name": "石马社区10幢",
                "buildings": ["10"],
                "leader": "wang",
                "group_chat": "room-10",
                "group_name": "10幢房东群",
            },
            {
                "code": "shima-21",
                "micro_grid": "m1",
                "name": "石马社区21-22幢",
                "buildings": ["21", 22],
                "leader": "wang",
            },
        ],
    }


def error_of(data: Data, **kwargs: Any) -> str:
    with pytest.raises(DirectoryError) as raised:
        parse_directory(data, source="config.toml", **kwargs)
    return str(raised.value)


def test_a_valid_directory_parses() -> None:
    directory = parse_directory(valid(), source="config.toml")
    assert [p.key for p in directory.people] == ["li", "zhao", "chen", "wang", "zhang"]
    assert directory.landlord_grids[1].buildings == ("21", "22")
    assert directory.people[2].lang == "en" and directory.people[0].lang == "zh"
    assert directory.people[4].home == "shima-10" and directory.people[4].room == "301"
    assert directory.communities[0].aliases == ("石马",)
    assert directory.person("wang") == directory.people[3]


def test_an_empty_directory_is_valid() -> None:
    assert parse_directory({}, source="config.toml").landlord_grids == ()


def change(path: str, value: object) -> Data:
    """A copy of the valid data with `table.index.key` set (or deleted when value is ...)."""
    data = copy.deepcopy(valid())
    table, index, key = path.split(".")
    if value is ...:
        del data[table][int(index)][key]
    else:
        data[table][int(index)][key] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "landlord_grids.1.leader",
            "nobody",
            'config.toml: directory.landlord_grids[1].leader: unknown person "nobody"',
        ),
        (
            "landlord_grids.0.leader",
            ...,
            "config.toml: directory.landlord_grids[0].leader: missing (required)",
        ),
        (
            "landlord_grids.1.micro_grid",
            "m9",
            'config.toml: directory.landlord_grids[1].micro_grid: unknown micro-grid "m9"',
        ),
        (
            "landlord_grids.1.buildings",
            ["10"],
            'config.toml: directory.landlord_grids[1].buildings: building "10" of community '
            '"shima" already belongs to another landlord grid '
            "(config.toml: directory.landlord_grids[0])",
        ),
        (
            "landlord_grids.1.buildings",
            [],
            "config.toml: directory.landlord_grids[1].buildings: missing (at least one building "
            "number)",
        ),
        (
            "landlord_grids.1.group_chat",
            "room-10",
            'config.toml: directory.landlord_grids[1].group_chat: duplicate group chat "room-10" '
            "(first at config.toml: directory.landlord_grids[0])",
        ),
        (
            "landlord_grids.1.code",
            "shima-10",
            "config.toml: directory.landlord_grids[1].code: duplicate landlord grid code "
            '"shima-10" (first at config.toml: directory.landlord_grids[0])',
        ),
        (
            "grids.0.community",
            "nowhere",
            'directory.grids[0].community: unknown community "nowhere"',
        ),
        ("micro_grids.0.grid", "g9", 'directory.micro_grids[0].grid: unknown grid "g9"'),
        (
            "micro_grids.0.worker",
            "ghost",
            'directory.micro_grids[0].worker: unknown person "ghost"',
        ),
        ("communities.0.staff", "ghost", 'directory.communities[0].staff: unknown person "ghost"'),
        ("people.1.key", "li", 'directory.people[1].key: duplicate person key "li"'),
        (
            "people.0.contact_id",
            "wxid_wang",
            "directory.people[3].contact_id: duplicate contact id",
        ),
        ("people.0.lang", "fr", "directory.people[0].lang: 'fr' is not one of en, zh"),
        ("people.0.roles", ["mayor"], "directory.people[0].roles: unknown role 'mayor'"),
        (
            "people.0.roles",
            "tenant",
            "directory.people[0].roles: expected a list of strings, got str",
        ),
        ("people.0.name", ["a"], "directory.people[0].name: expected a string, got list"),
        ("people.0.name", "  ", "directory.people[0].name: missing (required)"),
        ("people.0.nick", "x", "directory.people[0].nick: unknown key (allowed: contact_id, home"),
        ("people.4.home", "shima-99", 'directory.people[4].home: unknown landlord grid "shima-99"'),
        ("people.4.home", ..., "directory.people[4].room: needs `home`"),
    ],
)
def test_each_mistake_names_the_file_and_the_key(path: str, value: object, message: str) -> None:
    assert message in error_of(change(path, value))


def test_a_table_must_be_an_array_of_tables() -> None:
    message = error_of({"people": {"key": "x"}})
    assert message == "config.toml: directory.people: expected an array of tables"


def test_an_unknown_table_is_named() -> None:
    assert error_of({"houses": []}).startswith("config.toml: directory.houses: unknown table")


def test_an_entry_must_be_a_table() -> None:
    assert (
        error_of({"people": ["wang"]})
        == "config.toml: directory.people[0]: expected a table, got str"
    )


def test_references_may_point_at_known_codes() -> None:
    data = {"landlord_grids": [change("landlord_grids.0.leader", "old")["landlord_grids"][0]]}
    known = Known(people=frozenset({"old"}), micro_grids=frozenset({"m1"}))
    directory = parse_directory(data, source="g.toml", prefix="", known=known)
    assert directory.landlord_grids[0].leader == "old"
    with pytest.raises(DirectoryError) as raised:
        parse_directory(
            data, source="g.toml", prefix="", known=Known(micro_grids=known.micro_grids)
        )
    assert str(raised.value) == 'g.toml: landlord_grids[0].leader: unknown person "old"'


TOML = """\
[[people]]
key = "wang"
name = "王建国"

[[communities]]
code = "shima"
name = "石马社区"

[[grids]]
code = "g1"
community = "shima"
name = "G1"

[[micro_grids]]
code = "m1"
grid = "g1"
name = "M1"

[[landlord_grids]]
code = "shima-10"
micro_grid = "m1"
name = "10幢"
buildings = ["10"]
leader = "wang"

[[landlord_grids]]
code = "shima-11"
micro_grid = "m1"
name = "11幢"
buildings = ["11"]
leader = "{leader}"
"""


def test_a_toml_file_error_names_the_line(tmp_path: Path) -> None:
    file = tmp_path / "grid.toml"
    file.write_text(TOML.format(leader="wang"), encoding="utf-8")
    assert [h.code for h in read_directory(file).landlord_grids] == ["shima-10", "shima-11"]
    file.write_text(TOML.format(leader="ghost"), encoding="utf-8")
    with pytest.raises(DirectoryError) as raised:
        read_directory(file)
    assert str(raised.value) == f'{file}:26: landlord_grids[1].leader: unknown person "ghost"'


def test_a_config_file_contributes_its_directory_section(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    body = TOML.format(leader="ghost").replace("[[", "[[directory.")
    file.write_text('timezone = "Asia/Shanghai"\n' + body, encoding="utf-8")
    with pytest.raises(DirectoryError) as raised:
        read_directory(file)
    assert str(raised.value).startswith(f"{file}:27: directory.landlord_grids[1].leader:")


def test_broken_toml_is_reported(tmp_path: Path) -> None:
    file = tmp_path / "grid.toml"
    file.write_text("[[people]\n", encoding="utf-8")
    with pytest.raises(DirectoryError, match=r"grid\.toml: invalid TOML"):
        read_directory(file)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DirectoryError, match="cannot read"):
        read_directory(tmp_path / "nope.csv")


HEADER = (
    "level,code,parent,name,buildings,address,responsible,responsible_name,responsible_phone,"
    "group_chat\n"
)
ROWS = [
    "community,shima,,石马社区,,,li,李书记,13800000001,",
    "grid,g1,shima,第一网格,,,zhao,赵网格员,,",
    "micro_grid,m1,g1,第一微网格,,,chen,陈小微,,",
    "landlord_grid,shima-10,m1,石马社区10幢,10,留下街道石马社区10幢,wang,王建国,13800001010,room-10",
    "landlord_grid,shima-21,m1,石马社区21-22幢,21;22,,wang,,,",
]


def csv_file(tmp_path: Path, rows: list[str]) -> Path:
    file = tmp_path / "grid.csv"
    file.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return file


def test_a_csv_file_parses_with_its_people(tmp_path: Path) -> None:
    directory = read_directory(csv_file(tmp_path, ROWS))
    assert [(p.key, p.name, p.roles) for p in directory.people] == [
        ("li", "李书记", ("community_staff",)),
        ("zhao", "赵网格员", ("grid_worker",)),
        ("chen", "陈小微", ("micro_grid_worker",)),
        ("wang", "王建国", ("landlord", "landlord_grid_leader")),
    ]
    assert directory.people[3].phone == "13800001010"
    houses = directory.landlord_grids
    assert [(h.code, h.buildings, h.leader, h.group_chat) for h in houses] == [
        ("shima-10", ("10",), "wang", "room-10"),
        ("shima-21", ("21", "22"), "wang", None),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("landlord_grid,shima-30,m9,30幢,30,,wang,,,", ':7: parent: unknown micro-grid "m9"'),
        ("landlord_grid,shima-30,m1,30幢,10,,wang,,,", ':7: buildings: building "10" of community'),
        ("landlord_grid,shima-30,m1,30幢,30,,,,,", ":7: responsible: missing (required)"),
        ("landlord_grid,shima-30,m1,30幢,,,wang,,,", ":7: buildings: missing"),
        ("landlord_grid,shima-30,m1,30幢,30,,ghost,,,", ":7: responsible_name: missing (required)"),
        (
            "landlord_grid,shima-30,m1,30幢,30,,wang,王五,,",
            ':7: responsible_name: person "wang" is already named',
        ),
        ("landlord_grid,shima-10,m1,10幢,30,,wang,,,", ":7: code: duplicate landlord grid code"),
        ("landlord_grid,shima-30,m1,30幢,30,,wang,,,room-10", ":7: group_chat: duplicate group"),
        ("house,shima-30,m1,30幢,30,,wang,,,", ":7: level: 'house' is not one of community"),
        ("grid,g2,shima,G2,5,,,,,", ":7: buildings: only a landlord_grid row has buildings"),
        ("community,xhs,shima,小和山,,,,,,", ":7: parent: a community has no parent"),
        ("grid,g2,shima", ":7: expected 10 columns, got 3"),
    ],
)
def test_each_bad_csv_line_is_named(tmp_path: Path, row: str, message: str) -> None:
    file = csv_file(tmp_path, [*ROWS, row])
    with pytest.raises(DirectoryError) as raised:
        read_directory(file)
    assert str(raised.value).startswith(f"{file}{message}")


def test_a_csv_header_is_checked(tmp_path: Path) -> None:
    file = tmp_path / "grid.csv"
    file.write_text("level,code\ncommunity,shima\n", encoding="utf-8")
    with pytest.raises(
        DirectoryError, match=r"grid\.csv:1: header must be exactly: level,code,parent"
    ):
        read_directory(file)


def test_blank_csv_lines_are_skipped(tmp_path: Path) -> None:
    directory = read_directory(csv_file(tmp_path, [ROWS[0], "", ",,,,,,,,,", *ROWS[1:]]))
    assert len(directory.landlord_grids) == 2
