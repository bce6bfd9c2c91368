"""The learned kind model: does a message report something, and which kind (training/train_kind.py).

Two heads share one feature space (bot/nlu/features.py): `intent` (none or report) and
`kind` (the report kinds). No numerical library is imported at run time: each feature's
integer weights are packed into one Python integer, a 32-bit field per class plus one that
counts the feature, so a message's totals are a single `sum()` of integers, done in C.
"""

from __future__ import annotations

import json
import math
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat
from typing import Any, NamedTuple

from bot.kinds import Kind
from bot.nlu.features import code

MODEL_FILE = "kind_model.json"
FORMAT = 1
_FIELD = 32
_MASK = (1 << _FIELD) - 1
# Each class field holds weight + _BIAS, so fields never go negative; a message has at most
# about a thousand distinct features (features.text_of caps the text), far below the
# 2**32 / (2 * _BIAS) a field could count.
_BIAS = 1 << 20


class ModelError(ValueError):
    """The shipped model file is missing, malformed or of another format."""


class Decision(NamedTuple):
    kind: Kind
    confidence: float


@dataclass(frozen=True, slots=True)
class Override:
    rules_none: float = 0.0
    rules_sure: float = 0.0
    rules_unsure: float = 0.0


@dataclass(frozen=True, slots=True)
class KindModel:
    kinds: tuple[Kind, ...]  # the kind head's classes, in slot order after the intent slots
    # feature -> packed weights (see the module's docstring): slots 0-1 intent (none,
    # report), then one per kind.
    weights: Mapping[str, int]
    intent_scale: float
    kind_scale: float
    # How far (in units of the scales above) the model's choice must beat the rules' before
    # it replaces it: when the rules found no kind, found one surely, found one unsurely.
    override: Override
    # The text features' weights keyed as features.text_codes() gives them.
    coded: Mapping[int | str, int]

    @property
    def slots(self) -> int:
        return 2 + len(self.kinds)

    def scores(self, text: Iterable[str], rules: Iterable[str]) -> list[float]:
        """Each slot's total, up to a constant shared by all slots (the fields' bias): rule
        features count 1, the distinct text features of a message 1/sqrt(their number)
        each, so a letter weighs no more than a line."""
        return self._totals(*self._sums(text, rules))

    def _sums(self, text: Iterable[str], rules: Iterable[str]) -> tuple[int, int, float]:
        get = self.weights.get
        distinct = set(text)
        norm = 1 / math.sqrt(len(distinct)) if distinct else 0.0
        return sum(map(get, distinct, repeat(0))), sum(map(get, rules, repeat(0))), norm

    def _totals(self, words: int, known: int, norm: float) -> list[float]:
        pairs = zip(self._fields(words), self._fields(known), strict=True)
        return [word * norm + rule for word, rule in pairs]

    def _fields(self, packed: int) -> list[int]:
        # The count field is dropped: every class field carries the same bias, which
        # cancels in every comparison and difference the decision makes.
        size = _FIELD // 8 * (self.slots + 1)
        return memoryview(packed.to_bytes(size, sys.byteorder)).cast("I")[1:].tolist()

    def decide(
        self, text: Iterable[str], rules: Iterable[str], prior: Decision, sure: bool
    ) -> Decision:
        """The model's kind where it beats the rules' `prior` by the override margin."""
        return self._decide(*self._sums(text, rules), prior, sure)

    def decide_coded(
        self, codes: set[int | str], rules: Iterable[str], prior: Decision, sure: bool
    ) -> Decision:
        """decide() over the text features as features.text_codes() gives them."""
        get = self.weights.get
        words = sum(map(self.coded.get, codes, repeat(0)))
        norm = 1 / math.sqrt(len(codes)) if codes else 0.0
        return self._decide(words, sum(map(get, rules, repeat(0))), norm, prior, sure)

    def _decide(self, words: int, known: int, norm: float, prior: Decision, sure: bool) -> Decision:
        # Most messages are chatter the model calls none: that needs only the two intent
        # fields, and gives what choose() would give.
        report = _FIELD * 2
        none = (words >> _FIELD) & _MASK, (known >> _FIELD) & _MASK
        reports = (words >> report) & _MASK, (known >> report) & _MASK
        intent = ((reports[0] - none[0]) * norm + reports[1] - none[1]) / self.intent_scale
        if intent <= 0:
            if prior.kind is Kind.NONE:
                return Decision(Kind.NONE, _clip(1 - _logistic(intent)))
            needed = self.override.rules_sure if sure else self.override.rules_unsure
            return Decision(Kind.NONE, _clip(1 - _logistic(intent))) if -intent > needed else prior
        return self.choose(self._totals(words, known, norm), prior, sure, self.override)

    def choose(
        self, totals: list[float], prior: Decision, sure: bool, override: Override
    ) -> Decision:
        intent = (totals[1] - totals[0]) / self.intent_scale
        kind_scores = totals[2:]
        best = max(range(len(kind_scores)), key=kind_scores.__getitem__)  # first wins a tie
        choice = self.kinds[best] if intent > 0 else Kind.NONE
        if choice is prior.kind:
            return Decision(choice, self._belief(intent, kind_scores, best))
        if prior.kind is Kind.NONE:
            lead, needed = intent, override.rules_none
        else:
            needed = override.rules_sure if sure else override.rules_unsure
            if choice is Kind.NONE:
                lead = -intent
            else:
                rival = kind_scores[self.kinds.index(prior.kind)]
                lead = (kind_scores[best] - rival) / self.kind_scale
        if lead <= needed:
            return prior
        return Decision(choice, self._belief(intent, kind_scores, best))

    def _belief(self, intent: float, kind_scores: list[float], best: int) -> float:
        reports = _logistic(intent)
        if intent <= 0:
            return _clip(1 - reports)
        top = kind_scores[best]
        spread = sum(math.exp((score - top) / self.kind_scale) for score in kind_scores)
        return _clip(reports / spread)


def from_json(raw: Mapping[str, Any]) -> KindModel:
    if array("I").itemsize * 8 != _FIELD:  # a C unsigned int is 32 bits wherever CPython runs
        raise ModelError("this platform's unsigned int is not 32 bits wide")
    if raw.get("format") != FORMAT:
        raise ModelError(f"model format {raw.get('format')!r}, expected {FORMAT}")
    kinds = tuple(Kind(name) for name in raw["kinds"])
    slots = 2 + len(kinds)
    empty = 1 + sum(_BIAS << (_FIELD * (slot + 1)) for slot in range(slots))
    weights: dict[str, int] = {}
    for feature, pairs in raw["weights"].items():
        packed = empty
        for slot, weight in pairs:
            if not (0 <= slot < slots and -_BIAS < weight < _BIAS):
                raise ModelError(f"feature {feature!r}: slot {slot}, weight {weight}")
            packed += int(weight) << (_FIELD * (slot + 1))
        weights[feature] = packed
    gate = raw.get("override", {})
    override = Override(
        float(gate.get("rules_none", 0.0)),
        float(gate.get("rules_sure", 0.0)),
        float(gate.get("rules_unsure", 0.0)),
    )
    coded = {code(feature): packed for feature, packed in weights.items()}
    scales = float(raw["intent_scale"]), float(raw["kind_scale"])
    return KindModel(kinds, weights, *scales, override, coded)


@cache
def default_model() -> KindModel:
    try:
        raw = resources.files("bot.nlu").joinpath("data", MODEL_FILE).read_bytes()
        return from_json(json.loads(raw))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"bot/nlu/data/{MODEL_FILE}: {error!r}") from error


def _logistic(value: float) -> float:
    if value < -50.0:
        return 0.0
    return 1 / (1 + math.exp(-value))


def _clip(value: float) -> float:
    return min(0.99, max(0.05, round(value, 3)))
