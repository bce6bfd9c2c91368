"""k-fold cross-validation of the kind model on the training corpus (`--cv K`)."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from bot.kinds import Kind
from bot.nlu.model import Decision, KindModel, Override, from_json

SEED = 18


class Labelled(Protocol):
    @property
    def kind(self) -> Kind: ...

    def decide(self, model: KindModel, override: Override | None = None) -> Decision: ...


def out_of_fold(
    groups: Sequence[Sequence[Labelled]],
    folds: int,
    train: Callable[[Sequence[Any]], Mapping[str, Any]],
) -> list[tuple[Labelled, KindModel]]:
    """Each message as written (its first variant) with the model trained without it: folds
    split messages, never a message from its variants."""
    order = list(range(len(groups)))
    random.Random(SEED).shuffle(order)
    fold_of = {index: position % folds for position, index in enumerate(order)}
    scored: list[tuple[Labelled, KindModel]] = []
    for fold in range(folds):
        trained = [e for i, group in enumerate(groups) if fold_of[i] != fold for e in group]
        model = from_json(train(trained))
        scored += [(groups[i][0], model) for i in range(len(groups)) if fold_of[i] == fold]
    return scored


def cross_validate(
    groups: Sequence[Sequence[Labelled]],
    folds: int,
    train: Callable[[Sequence[Any]], Mapping[str, Any]],
) -> dict[str, float]:
    scored = out_of_fold(groups, folds, train)
    figures = summarise([(example.kind, example.decide(model).kind) for example, model in scored])
    rules = summarise(
        [(example.kind, example.decide(model, NEVER).kind) for example, model in scored]
    )
    print(f"{folds}-fold cross-validation on {len(groups)} training messages")
    print(f"  {'':<16} {'parser':>8} {'rules alone':>12}")
    for name, value in figures.items():
        print(f"  {name:<16} {value:>8.3f} {rules[name]:>12.3f}")
    return figures


# Margins no model reaches: the rules' verdict always stands.
NEVER = Override(float("inf"), float("inf"), float("inf"))


def summarise(pairs: Sequence[tuple[Kind, Kind]]) -> dict[str, float]:
    right = sum(gold == got for gold, got in pairs)
    none_lines = [got for gold, got in pairs if gold is Kind.NONE]
    reports = [(gold, got) for gold, got in pairs if gold is not Kind.NONE]
    kinds = {kind for pair in pairs for kind in pair}
    f1s = []
    for kind in sorted(kinds):
        tp = sum(1 for gold, got in pairs if gold is kind and got is kind)
        predicted = sum(1 for _, got in pairs if got is kind)
        actual = sum(1 for gold, _ in pairs if gold is kind)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return {
        "kind_accuracy": right / len(pairs),
        "macro_f1": sum(f1s) / len(f1s),
        "none_fp_rate": sum(got is not Kind.NONE for got in none_lines) / len(none_lines),
        "report_recall": sum(got is not Kind.NONE for _, got in reports) / len(reports),
    }
