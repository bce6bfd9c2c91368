"""The vocabulary files load, cover every kind and give no phrase two meanings."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from bot.kinds import Kind
from bot.nlu.lexicon import (
    LANGUAGES,
    NONE_GROUPS,
    TIER_WEIGHTS,
    LexiconError,
    build,
    default_lexicon,
    read_tables,
)

REPORT_KINDS = [kind for kind in Kind if kind is not Kind.NONE]


def _cues(**groups: list[str]) -> dict[str, Any]:
    none = {group: groups.get(group, []) for group in NONE_GROUPS}
    return {
        "none": none,
        "weights": dict.fromkeys(NONE_GROUPS, 1),
        "negation": {"phrases": groups.get("negation", [])},
        "neutral": {"phrases": groups.get("neutral", [])},
        "urgent": {"phrases": groups.get("urgent", [])},
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_names_every_kind_in_known_tiers(language: str) -> None:
    kinds, cues = read_tables(language)
    assert {Kind(name) for name in kinds} == set(REPORT_KINDS)
    for tiers in kinds.values():
        assert set(tiers) <= set(TIER_WEIGHTS)
    assert set(cues["weights"]) == set(NONE_GROUPS)


def test_no_phrase_belongs_to_two_kinds_or_to_a_kind_and_a_none_cue() -> None:
    meanings: dict[str, set[str]] = defaultdict(set)
    for language in LANGUAGES:
        kinds, cues = read_tables(language)
        for kind, tiers in kinds.items():
            for phrases in tiers.values():
                for phrase in phrases:
                    meanings[phrase.lower().rstrip("*")].add(kind)
        for group in NONE_GROUPS:
            for phrase in cues["none"].get(group, []):
                meanings[phrase.lower().rstrip("*")].add("none")
        for table in ("negation", "neutral"):
            for phrase in cues[table]["phrases"]:
                meanings[phrase.lower().rstrip("*")].add(table)
    conflicts = {phrase: kinds for phrase, kinds in meanings.items() if len(kinds) > 1}
    assert conflicts == {}


def test_default_lexicon_compiles_every_phrase() -> None:
    lexicon = default_lexicon()
    assert len(lexicon.entries) > 500
    for phrase in ("漏水", "煤气味", "leak", "新租客", "已经修好", "请问"):
        assert [found for _, found, _ in lexicon.phrases_in(phrase)] == [phrase]


def test_a_phrase_given_two_kinds_is_rejected() -> None:
    kinds = {"leak": {"strong": ["漏气"]}, "fire_hazard": {"strong": ["漏气"]}}
    with pytest.raises(LexiconError, match="漏气"):
        build([(kinds, _cues())])


def test_a_phrase_that_is_a_kind_and_a_none_cue_is_rejected() -> None:
    kinds = {"repair": {"strong": ["修好了"]}}
    with pytest.raises(LexiconError, match="修好了"):
        build([(kinds, _cues(resolved=["修好了"]))])


def test_urgency_may_share_a_phrase_with_a_kind() -> None:
    lexicon = build([({"fire_hazard": {"strong": ["着火"]}}, _cues(urgent=["着火"]))])
    entry = lexicon.entries["着火"]
    assert (entry.kind, entry.weight, entry.urgent) == (Kind.FIRE_HAZARD, 3, True)


def test_the_longest_phrase_at_a_position_wins() -> None:
    kinds = {"sanitation": {"strong": ["气味"]}, "fire_hazard": {"strong": ["煤气味"]}}
    lexicon = build([(kinds, _cues())])
    assert list(lexicon.phrases_in("一股煤气味")) == [(2, "煤气味", lexicon.entries["煤气味"])]
    assert [phrase for _, phrase, _ in lexicon.phrases_in("一股气味")] == ["气味"]


def test_a_starred_english_phrase_matches_word_endings() -> None:
    lexicon = build([({"leak": {"strong": ["leak*"]}}, _cues())])
    entry = lexicon.entries["leak"]
    assert entry.prefix and entry.bounded_start and not entry.bounded_end


def test_an_urgency_phrase_takes_the_kind_of_the_phrase_inside_it() -> None:
    kinds = {"fire_hazard": {"strong": ["gas"]}}
    lexicon = build([(kinds, _cues(urgent=["smell gas"]))])
    entry = lexicon.entries["smell gas"]
    assert (entry.kind, entry.weight, entry.urgent) == (Kind.FIRE_HAZARD, 3, True)
