"""Train the parser's kind model from the labelled messages in training/data/.

    python -m training.train_kind            # write bot/nlu/data/kind_model.json
    python -m training.train_kind --check    # exit 1 unless re-training gives the shipped file
    python -m training.train_kind --cv 5     # k-fold cross-validation on the training corpus

Averaged perceptrons (one per head: intent, kind) over bot/nlu/features.py, in pure
Python with a fixed seed and files read in sorted order, so the same corpus always gives the
same bytes. Each head starts from the rules' verdict (a prior weight on `R=<kind>`) and
learns where the rules go wrong. Only training/data/ is read: the held-out set
(benchmarks/heldout/) and the shared corpora never are.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.kinds import Kind
from bot.nlu import LETTER_CHARS, OPENS_AS_NOTICE
from bot.nlu.features import STRONG_BELIEF
from bot.nlu.model import FORMAT, MODEL_FILE, Decision, KindModel, Override, from_json
from bot.nlu.observe import Observation, observe

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "data"
OUTPUT = ROOT / "bot" / "nlu" / "data" / MODEL_FILE
# The features only see whether a date is there, never which: any fixed moment will do.
NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")
SEED = 18
EPOCHS = 12
PRIOR = 3.0  # the rules' verdict's starting weight
# The model's choice replaces the rules' only when it leads by these margins (when the rules
# found no kind, found one surely, found one unsurely): the smallest margins that keep the
# shared corpora at the rules' own scores, best cross-validated accuracy among those
# (training/gate_search.py, see training/README.md).
OVERRIDE = Override(rules_none=0.0, rules_sure=0.5, rules_unsure=1.0)
MARGIN = 3.0  # a class must win by more than this, or the example still teaches
SCALE = 100  # weights are stored as integers: round(weight * SCALE)
PRUNE = 50  # stored weights smaller than this (after SCALE) are dropped: a smaller, faster file
KINDS: tuple[Kind, ...] = tuple(kind for kind in Kind if kind is not Kind.NONE)
INTENT_SLOTS = 2

Vector = tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    kind: Kind
    text_features: tuple[str, ...]
    rule_features: tuple[str, ...]
    prior: Decision  # the rules' verdict
    sure: bool  # the rules found a kind with confidence
    letter: bool  # long enough for a sure verdict to stand without the model
    notice: bool  # opens as a notice or as something passed on: none without the model

    def decide(self, model: KindModel, override: Override | None = None) -> Decision:
        """What parse() decides for this message with `model` (bot/nlu/__init__.py)."""
        if (self.sure and self.letter) or self.notice:
            return self.prior
        totals = model.scores(self.text_features, self.rule_features)
        return model.choose(totals, self.prior, self.sure, override or model.override)

    @property
    def vector(self) -> Vector:
        """Distinct text features weigh 1/sqrt(their number), rule features 1 (as model.py)."""
        norm = 1 / math.sqrt(len(self.text_features)) if self.text_features else 0.0
        return tuple((f, norm) for f in self.text_features) + tuple(
            (f, 1.0) for f in self.rule_features
        )


# Words around a message that change nothing about its kind: each training message is also
# learned once more with one of these around it, so that a greeting, an @-mention or a
# room number does not become evidence.
PREFIXES = ("", "@网格员 ", "你好 ", "网格员你好，", "房东 ", "Hi, ", "hello ", "@物业 ", "3幢402 ")
SUFFIXES = ("", " 谢谢", "。", " thanks", " 12栋", " room 508", "!", " 麻烦了", "~")


def augmented(text: str, rng: random.Random) -> str:
    return rng.choice(PREFIXES) + text + rng.choice(SUFFIXES)


def example(text: str, kind: Kind, seen: Observation) -> Example:
    text_part, rule_part = seen.features()
    verdict = seen.verdict
    return Example(
        text,
        kind,
        tuple(sorted(set(text_part))),
        tuple(sorted(set(rule_part))),
        Decision(verdict.kind, verdict.confidence),
        verdict.kind is not Kind.NONE and verdict.confidence >= STRONG_BELIEF,
        len(seen.clean) > LETTER_CHARS,
        verdict.kind is Kind.NONE and bool(OPENS_AS_NOTICE.intersection(verdict.cues)),
    )


def load(folder: Path = DATA, augment: bool = True) -> list[list[Example]]:
    """Each labelled message with its augmented variant, in file and line order."""
    rng = random.Random(SEED)
    groups: list[list[Example]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            try:
                kind = Kind(record["kind"])
                text = str(record["text"])
            except (KeyError, ValueError) as error:
                raise SystemExit(f"{path}:{number}: {error!r}") from None
            variants = (text, augmented(text, rng)) if augment else (text,)
            group: list[Example] = []
            for variant in variants:
                seen = observe(variant, NOW)
                if seen is None:
                    continue  # nothing left after normalising ("👍👍"): parse answers none
                group.append(example(variant, kind, seen))
            if group:
                groups.append(group)
    return groups


class Perceptron:
    """Multiclass averaged perceptron over real-valued features."""

    def __init__(self, classes: int, prior: Mapping[str, Mapping[int, float]]) -> None:
        self.classes = classes
        self.weights: dict[str, dict[int, float]] = {f: dict(row) for f, row in prior.items()}
        self.totals: dict[tuple[str, int], float] = {}
        self.stamps: dict[tuple[str, int], int] = {}
        self.steps = 0

    def scores(self, vector: Vector) -> list[float]:
        scores = [0.0] * self.classes
        for feature, value in vector:
            for label, weight in self.weights.get(feature, {}).items():
                scores[label] += weight * value
        return scores

    def learn(self, vector: Vector, truth: int) -> None:
        """Update when the truth does not win by MARGIN over the best other class."""
        self.steps += 1
        scores = self.scores(vector)
        guess = max((c for c in range(self.classes) if c != truth), key=scores.__getitem__)
        if scores[truth] - scores[guess] > MARGIN:
            return
        for feature, value in vector:
            row = self.weights.setdefault(feature, {})
            for label, change in ((truth, value), (guess, -value)):
                key = (feature, label)
                old = row.get(label, 0.0)
                lapsed = self.steps - self.stamps.get(key, 0)
                self.totals[key] = self.totals.get(key, 0.0) + lapsed * old
                self.stamps[key] = self.steps
                row[label] = old + change

    def averaged(self) -> dict[str, dict[int, int]]:
        """round(SCALE * average weight) per feature and class, zeros left out."""
        out: dict[str, dict[int, int]] = {}
        for feature in sorted(self.weights):
            for label, value in sorted(self.weights[feature].items()):
                key = (feature, label)
                lapsed = self.steps - self.stamps.get(key, 0)
                total = self.totals.get(key, 0.0) + lapsed * value
                scaled = round(total * SCALE / self.steps)
                if abs(scaled) >= PRUNE:
                    out.setdefault(feature, {})[label] = scaled
        return out


def train_head(
    rows: Sequence[tuple[Vector, int]],
    classes: int,
    prior: Mapping[str, Mapping[int, float]],
    seed: int,
) -> dict[str, dict[int, int]]:
    model = Perceptron(classes, prior)
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for index in order:
            model.learn(*rows[index])
    return model.averaged()


def train(examples: Sequence[Example], seed: int = SEED) -> dict[str, Any]:
    """The model file's content learned from `examples`."""
    vectors = [example.vector for example in examples]
    intent_rows = [
        (v, int(e.kind is not Kind.NONE)) for v, e in zip(vectors, examples, strict=True)
    ]
    kind_rows = [
        (v, KINDS.index(e.kind))
        for v, e in zip(vectors, examples, strict=True)
        if e.kind is not Kind.NONE
    ]
    heads = (
        (intent_rows, 2, 0, {f"R={k.value}": {int(k is not Kind.NONE): PRIOR} for k in Kind}),
        (
            kind_rows,
            len(KINDS),
            INTENT_SLOTS,
            {f"R={k.value}": {i: PRIOR} for i, k in enumerate(KINDS)},
        ),
    )
    merged: dict[str, dict[int, int]] = {}
    for rows, classes, offset, prior in heads:
        for feature, row in train_head(rows, classes, prior, seed).items():
            slots = merged.setdefault(feature, {})
            for label, weight in row.items():
                slots[offset + label] = weight
    weights = {feature: sorted(merged[feature].items()) for feature in sorted(merged)}
    draft = from_json(_content(weights, 1.0, 1.0, OVERRIDE))
    intent_margins, kind_margins = [], []
    for example in examples:
        totals = draft.scores(example.text_features, example.rule_features)
        intent_margins.append(abs(totals[1] - totals[0]))
        if example.kind is not Kind.NONE:
            top, second = sorted(totals[INTENT_SLOTS:], reverse=True)[:2]
            kind_margins.append(top - second)
    return _content(weights, _median(intent_margins), _median(kind_margins), OVERRIDE)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return round(max(1.0, ordered[len(ordered) // 2] if ordered else 1.0), 1)


def _content(
    weights: Mapping[str, list[tuple[int, int]]],
    intent_scale: float,
    kind_scale: float,
    override: Override,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kinds": [kind.value for kind in KINDS],
        "intent_scale": intent_scale,
        "kind_scale": kind_scale,
        "override": {
            "rules_none": override.rules_none,
            "rules_sure": override.rules_sure,
            "rules_unsure": override.rules_unsure,
        },
        "weights": weights,
    }


def dump(content: Mapping[str, Any]) -> bytes:
    """One feature per line, keys sorted: stable bytes and readable diffs."""
    lines = ["{"]
    lines += [f"{json.dumps(k)}: {json.dumps(v)}," for k, v in content.items() if k != "weights"]
    lines.append('"weights": {')
    lines.append(
        ",\n".join(
            f"{json.dumps(feature, ensure_ascii=False)}: {json.dumps([list(p) for p in pairs])}"
            for feature, pairs in content["weights"].items()
        )
    )
    lines.append("}}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    parser.add_argument("--cv", type=int, metavar="K", help="k-fold cross-validation only")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    groups = load()
    if args.cv:
        from training.crossval import cross_validate

        cross_validate(groups, args.cv, train)
        return 0
    examples = [example for group in groups for example in group]
    data = dump(train(examples))
    if args.check:
        shipped = args.output.read_bytes() if args.output.is_file() else b""
        if shipped != data:
            print(
                f"{args.output} differs from a fresh training run: make train-parse",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} matches a fresh training run ({len(groups)} messages)")
        return 0
    args.output.write_bytes(data)
    size = f"{len(data):,} bytes"
    print(f"wrote {args.output} ({size}, {len(groups)} messages, {len(examples)} with variants)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
