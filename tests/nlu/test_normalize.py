"""Normalisation: width, junk characters, inline pinyin, length."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.nlu.normalize import MAX_CHARS, _to_nfkc, normalize, strip_pinyin_annotations


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("５栋３０２ 楼上漏水", "5栋302 楼上漏水"),
        ("ＲＯＯＭ　２０４", "ROOM 204"),
        ("电话：１３８", "电话:138"),
        ("漏\u200f水\u202e了", "漏水了"),
        ("漏\x00水\x1b了\x7f", "漏水了"),
        ("漏\ud800水", "漏水"),
        ("如何ဣ管理", "如何管理"),
        ("漏ꦺ水了", "漏水了"),
        ("谢𒊎谢", "谢谢"),
        ("新租♓客", "新租客"),
        ("  多个   空格\t和\n换行  ", "多个 空格 和 换行"),
        ("Room 305 Building 2", "Room 305 Building 2"),
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("五〇三", "五〇三"),
        ("浙A·3K82M", "浙A·3K82M"),
    ],
)
def test_normalize_cleans_width_and_junk(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("漏(lou)水", "漏水"),
        ("租(zu)客登记", "租客登记"),
        ("小区(xiaoqu)", "小区"),
        ("绿(lǜ)色", "绿色"),
        ("漏(lòu)水", "漏水"),
        ("漏(lou4)水", "漏水"),
        ("噪（zao）音", "噪音"),
        ("如(ru)何ဣ管理", "如何管理"),
        ("在(za♓i)家", "在家"),
    ],
)
def test_pinyin_annotations_that_spell_the_characters_are_removed(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


@pytest.mark.parametrize(
    "kept",
    ["房东(landlord)说的", "住在(3楼)", "漏(shui)水", "(lou)开头", "王(Mike)先生"],
)
def test_brackets_that_are_not_the_preceding_reading_stay(kept: str) -> None:
    assert strip_pinyin_annotations(kept) == kept


def test_very_long_text_is_capped() -> None:
    assert len(normalize("漏" * 2_000_000)) == MAX_CHARS


def test_ascii_text_keeps_its_case() -> None:
    assert normalize("Water LEAK in Bldg 7") == "Water LEAK in Bldg 7"


def test_empty_and_junk_only_text_normalise_to_nothing() -> None:
    assert normalize("") == ""
    assert normalize("\u200f\x00 \ud800♓𒊎") == ""


@given(st.text(max_size=60))
def test_the_fast_nfkc_is_nfkc(text: str) -> None:
    assert _to_nfkc(text) == unicodedata.normalize("NFKC", text)


@given(st.text(alphabet="ＡＺａｚ０９！～　，。漏水\u0301\u0308 Aa1", max_size=30))
def test_the_fast_nfkc_is_nfkc_on_full_width_text(text: str) -> None:
    assert _to_nfkc(text) == unicodedata.normalize("NFKC", text)


def test_the_quick_path_skips_exactly_the_characters_normalising_keeps() -> None:
    from bot.nlu.normalize import _FULL_WIDTH, _JUNK, _NEEDS_WORK

    for point in range(0x10000):
        char = chr(point)
        changed = (char.isspace() and char != " ") or char == "("
        changed = changed or bool(_JUNK.match(char) or _FULL_WIDTH.match(char))
        assert bool(_NEEDS_WORK.match(char)) == changed, hex(point)


@pytest.mark.parametrize(
    "text",
    [
        "  收到  ",
        "好的 谢谢",
        "漏水(lou)了",
        "ok\tthanks",
        "Ａ栋　３０１",
        "①号楼",
        "a\u00a0b",
        "x\u2028y",
    ],
)
def test_the_quick_path_gives_what_the_full_one_gives(text: str) -> None:
    from bot.nlu import normalize as module

    full = module._JUNK.sub("", module._SPACES.sub(" ", text))
    if not text.isascii():
        full = module._JUNK.sub("", module._to_nfkc(full))
        full = module.strip_pinyin_annotations(full) if "(" in full else full
    assert normalize(text) == module._SPACES.sub(" ", full).strip()
