"""Forgiving place matching for "绑定 …", over the demo directory's landlord grids."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.onboarding.places import match_places
from models.crud.place_candidates import PlaceCandidate

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


@pytest.fixture(scope="module")
def demo() -> list[PlaceCandidate]:
    directory = load_settings(str(EXAMPLE), environ={}).directory
    communities = {c.code: c for c in directory.communities}
    community_of = {g.code: g.community for g in directory.grids}
    grid_of = {m.code: m.grid for m in directory.micro_grids}
    return [
        PlaceCandidate(
            code=h.code,
            name=h.name,
            community=communities[community_of[grid_of[h.micro_grid]]].name,
            aliases=tuple(communities[community_of[grid_of[h.micro_grid]]].aliases),
            buildings=tuple(h.buildings),
        )
        for h in directory.landlord_grids
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("石马社区10幢", "shima-10"),
        ("Shima 10", "shima-10"),
        ("shima-10", "shima-10"),
        ("石马 10 栋", "shima-10"),
        ("石马社区22幢", "shima-21"),
        ("小和山23号", "xiaoheshan-23"),
        ("xiaoheshan 25", "xiaoheshan-25"),
        ("27", "shima-27"),
    ],
)
def test_a_place_written_loosely_finds_its_one_landlord_grid(
    demo: list[PlaceCandidate], text: str, code: str
) -> None:
    assert [c.code for c in match_places(text, demo)] == [code]


def test_a_community_alone_is_ambiguous_and_lists_its_houses_in_building_order(
    demo: list[PlaceCandidate],
) -> None:
    found = [c.code for c in match_places("石马", demo)]
    assert found == ["shima-10", "shima-12", "shima-15", "shima-16", "shima-21", "shima-27"]


@pytest.mark.parametrize("text", ["石马社区99幢", "望江社区10幢", "", "幢"])
def test_a_place_that_is_not_in_the_directory_matches_nothing(
    demo: list[PlaceCandidate], text: str
) -> None:
    assert match_places(text, demo) == []
