"""The learned kind model: reproducible from its corpus, kept apart from the held-out set,
never a reason to lose a message."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from importlib import resources
from itertools import pairwise
from pathlib import Path

import pytest

import bot.nlu
from bot.kinds import Kind
from bot.nlu import parse
from bot.nlu.model import MODEL_FILE, Decision, ModelError, default_model, from_json
from bot.nlu.observe import observe
from training.train_kind import DATA, dump, load, train

NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")
ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "benchmarks" / "heldout" / "chat-2026-12.jsonl"


def shipped() -> bytes:
    return resources.files("bot.nlu").joinpath("data", MODEL_FILE).read_bytes()


def test_retraining_gives_the_shipped_model_byte_for_byte() -> None:
    examples = [example for group in load() for example in group]
    assert dump(train(examples)) == shipped()


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def _skeleton(text: str) -> str:
    # Spacing, punctuation, digits and case removed: a copied line with new numbers is found.
    return re.sub(r"[\W\d_]+", "", text.lower())


def _pairs(text: str) -> set[str]:
    skeleton = _skeleton(text)
    return {first + second for first, second in pairwise(skeleton)}


def test_no_training_message_repeats_or_nearly_repeats_a_held_out_one() -> None:
    held_out = _texts(HELDOUT)
    training = [text for path in sorted(DATA.glob("*.jsonl")) for text in _texts(path)]
    assert len(held_out) >= 300
    assert not {_skeleton(text) for text in held_out} & {_skeleton(text) for text in training}
    held_pairs = [_pairs(text) for text in held_out]
    for text in training:
        pairs = _pairs(text)
        for other in held_pairs:
            overlap = len(pairs & other) / len(pairs | other) if pairs and other else 0.0
            # Unrelated messages of one topic share up to about half their character pairs;
            # a copied line with a word or two changed shares far more.
            assert overlap < 0.7, text


def test_the_shipped_model_reads_back_with_its_own_kinds_and_margins() -> None:
    model = default_model()
    assert set(model.kinds) == set(Kind) - {Kind.NONE}
    assert model.intent_scale > 0 and model.kind_scale > 0
    assert model.override.rules_none >= 0


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"format": 99}, "format"),
        ({"weights": {"漏水": [[99, 5]]}}, "slot"),
        ({"weights": {"漏水": [[3, 1 << 21]]}}, "weight"),
    ],
)
def test_a_malformed_model_file_is_refused_with_a_reason(
    change: dict[str, object], complaint: str
) -> None:
    raw = {**json.loads(shipped()), **change}
    with pytest.raises(ModelError, match=complaint):
        from_json(raw)


def test_a_broken_model_leaves_the_rules_in_charge_and_loses_nothing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise ModelError("bot/nlu/data/kind_model.json: truncated")

    monkeypatch.setattr(bot.nlu, "default_model", broken)
    with caplog.at_level(logging.ERROR, logger="bot.nlu"):
        reading = parse("5幢302 卫生间漏水了 滴到楼下", NOW)
    assert (reading.kind, reading.location.room) == (Kind.LEAK, "302")
    assert "kind model failed" in caplog.text


@pytest.mark.parametrize(
    "text",
    [
        "谢谢大家",
        "楼上的狗叫了一晚上 谁能管一管",
        "转发：冬季防火 注意用电",
        "新租客 刘洋 电话13812345678 明天入住",
        "Someone collapsed in the lobby",
        "请问物业几点上班",
    ],
)
def test_the_fast_decision_gives_what_the_full_one_gives(text: str) -> None:
    seen = observe(text, NOW)
    assert seen is not None
    model = default_model()
    verdict = seen.verdict
    for prior, sure in (
        (Decision(verdict.kind, verdict.confidence), True),
        (Decision(verdict.kind, verdict.confidence), False),
        (Decision(Kind.NONE, 0.9), False),
        (Decision(Kind.REPAIR, 0.8), True),
    ):
        fast = model.decide(*seen.features(), prior, sure)
        full = model.choose(model.scores(*seen.features()), prior, sure, model.override)
        assert fast == full


@pytest.mark.parametrize(
    "text",
    [
        "谢谢大家",
        "a",
        "ab",
        "_a b_a",
        "Hi, I'm Tom, room 502 leaks a lot",
        "漏水|水漏 0幢",
        "",
        "x y z",
    ],
)
def test_the_coded_features_are_the_text_features_one_for_one(text: str) -> None:
    from bot.nlu.features import code, text_codes, text_features

    features = set(text_features(text))
    assert text_codes(text) == {code(feature) for feature in features}
    assert len({code(feature) for feature in features}) == len(features)


def test_the_coded_decision_is_the_decision() -> None:
    model = default_model()
    for text in [*_texts(HELDOUT)[:200], "Hi, I'm Tom, room 502 leaks a lot"]:
        seen = observe(text, NOW)
        assert seen is not None
        prior = Decision(seen.verdict.kind, seen.verdict.confidence)
        for sure in (True, False):
            coded = model.decide_coded(*seen.coded_features(), prior, sure)
            assert coded == model.decide(*seen.features(), prior, sure)
