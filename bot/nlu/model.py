"""The learned kind model: does a message report something, and which kind (training/train_kind.py).

Two heads share one feature space (bot/nlu/features.py): `intent` (none or report) and
`kind` (the report kinds). Each feature carries integer weights for the classes it speaks
for, so a message costs one dictionary look-up per feature and a few additions; no
numerical library is imported at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bot.kinds import Kind

MODEL_FILE = "kind_model.json"
FORMAT = 1


class ModelError(ValueError):
    """The shipped model file is missing, malformed or of another format."""


@dataclass(frozen=True, slots=True)
class Decision:
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
    # feature -> flat (slot, weight, slot, weight, ...): slots 0-1 intent (none, report),
    # then one per kind.
    weights: Mapping[str, tuple[int, ...]]
    intent_scale: float
    kind_scale: float
    # How far (in units of the scales above) the model's choice must beat the rules' before
    # it replaces it: when the rules found no kind, found one surely, found one unsurely.
    override: Override

    @property
    def slots(self) -> int:
        return 2 + len(self.kinds)

    def scores(self, text: Iterable[str], rules: Iterable[str]) -> list[float]:
        """Each slot's total: rule features count 1, the distinct text features of a
        message 1/sqrt(their number) each, so a letter weighs no more than a line."""
        get = self.weights.get
        totals = [0] * self.slots
        distinct = set(text)
        for pairs in map(get, distinct):
            if pairs is not None:
                for index in range(0, len(pairs), 2):
                    totals[pairs[index]] += pairs[index + 1]
        norm = 1 / math.sqrt(len(distinct)) if distinct else 0.0
        scaled = [total * norm for total in totals]
        for pairs in map(get, rules):
            if pairs is not None:
                for index in range(0, len(pairs), 2):
                    scaled[pairs[index]] += pairs[index + 1]
        return scaled

    def decide(
        self, text: Iterable[str], rules: Iterable[str], prior: Decision, sure: bool
    ) -> Decision:
        """The model's kind where it beats the rules' `prior` by the override margin."""
        return self.choose(self.scores(text, rules), prior, sure, self.override)

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
    if raw.get("format") != FORMAT:
        raise ModelError(f"model format {raw.get('format')!r}, expected {FORMAT}")
    kinds = tuple(Kind(name) for name in raw["kinds"])
    slots = 2 + len(kinds)
    weights: dict[str, tuple[int, ...]] = {}
    for feature, pairs in raw["weights"].items():
        flat = tuple(int(value) for pair in pairs for value in pair)
        if any(not 0 <= flat[index] < slots for index in range(0, len(flat), 2)):
            raise ModelError(f"feature {feature!r} names a slot outside 0..{slots - 1}")
        weights[feature] = flat
    gate = raw.get("override", {})
    override = Override(
        float(gate.get("rules_none", 0.0)),
        float(gate.get("rules_sure", 0.0)),
        float(gate.get("rules_unsure", 0.0)),
    )
    return KindModel(kinds, weights, float(raw["intent_scale"]), float(raw["kind_scale"]), override)


@cache
def default_model() -> KindModel:
    try:
        raw = resources.files("bot.nlu").joinpath("data", MODEL_FILE).read_bytes()
        return from_json(json.loads(raw))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"bot/nlu/data/{MODEL_FILE}: {error!r}") from error


def _logistic(value: float) -> float:
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, value))))


def _clip(value: float) -> float:
    return min(0.99, max(0.05, round(value, 3)))
