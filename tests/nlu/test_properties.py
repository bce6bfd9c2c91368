"""Whatever the text, `parse` returns a valid reading (hypothesis)."""

from __future__ import annotations

import json
import random
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kinds import Kind
from bot.nlu import Reading, parse
from bot.nlu.classify import classify
from bot.nlu.lexicon import read_tables
from bot.nlu.normalize import normalize

NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")
CONTRACT_KEYS = {"kind", "urgent", "location", "person", "dates", "confidence"}
JUNK = ["\u200f", "\u202e", "\x00", "\x1b", "\ud800", "\udfff", "\ufeff", "ဣ", "ꦺ", "𒊎", "♓", "🙃"]
FRAGMENTS = [
    "漏(lou)水",
    "(",
    ")",
    "（",
    "）",
    "[",
    "]",
    "((",
    "幢",
    "单元",
    "室",
    "号楼",
    "十二",
    "三零一",
    "１２３",
    "13857120468",
    "身份证",
    "护照",
    "passport",
    "room",
    "building",
    "明天",
    "下周三",
    "月底",
    "next Friday",
    "15 Dec 2026",
    "签证到期",
    "租(zu)客",
    "9" * 18,
    "\n",
    " ",
    "!!",
]
STRONG_ZH = sorted(
    (phrase, Kind(kind))
    for kind, tiers in read_tables("zh")[0].items()
    for phrase in tiers.get("strong", [])
)
any_text = st.text(st.characters(exclude_categories=()), max_size=300)
mixed_text = st.lists(st.sampled_from(FRAGMENTS + JUNK) | any_text, max_size=40).map("".join)


def assert_valid(reading: Reading) -> None:
    assert isinstance(reading.kind, Kind)
    assert 0.0 <= reading.confidence <= 1.0
    contract = reading.to_contract()
    assert set(contract) == CONTRACT_KEYS
    json.dumps(contract, ensure_ascii=False).encode("utf-8")  # no lone surrogates escape
    for key in ("building", "unit", "floor", "room"):
        value = contract["location"][key]
        assert value is None or value.isdigit(), (key, value)
    if reading.kind is Kind.NONE:
        assert not reading.urgent


@settings(deadline=None, max_examples=300)
@given(any_text)
def test_any_text_gives_a_valid_reading(text: str) -> None:
    assert_valid(parse(text, NOW))


@settings(deadline=None, max_examples=300)
@given(mixed_text)
def test_text_built_from_message_fragments_and_junk_gives_a_valid_reading(text: str) -> None:
    assert_valid(parse(text, NOW))


@settings(deadline=None, max_examples=200)
@given(st.sampled_from(STRONG_ZH), st.sampled_from(JUNK), st.data())
def test_junk_inserted_mid_word_does_not_change_the_kind(
    phrase_kind: tuple[str, Kind], junk: str, data: st.DataObject
) -> None:
    phrase, _ = phrase_kind
    cut = data.draw(st.integers(min_value=1, max_value=max(1, len(phrase) - 1)))
    noisy = phrase[:cut] + junk + phrase[cut:]
    assert classify(normalize(noisy)).kind is classify(normalize(phrase)).kind


def test_a_megabyte_of_text_gives_a_valid_reading() -> None:
    rng = random.Random(1)
    text = "".join(rng.choice(FRAGMENTS + JUNK) for _ in range(200_000))[: 1 << 20]
    assert_valid(parse(text, NOW))
    assert_valid(parse("漏水" * (1 << 19), NOW))


def test_ten_thousand_brackets_give_a_valid_reading() -> None:
    for text in (
        "(" * 10_000,
        "(" * 5_000 + ")" * 5_000,
        "漏(" * 10_000,
        "漏(lou" * 10_000 + ")",
        "[(（" * 10_000,
        "(lou)" * 10_000,
    ):
        assert_valid(parse(text, NOW))


def test_empty_and_blank_text_is_none() -> None:
    for text in ("", " ", "\n\t", "\u200f\u200e"):
        reading = parse(text, NOW)
        assert (reading.kind, reading.urgent) == (Kind.NONE, False)
