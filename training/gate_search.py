"""Choose the override margins of the kind model (training/README.md, "The override gate").

    python -m training.gate_search ../shared/corpus/dev.jsonl ../shared/corpus/real-dev.jsonl

For each candidate (rules_none, rules_sure, rules_unsure) it scores the parser on every
corpus given (aggregate kind accuracy only) and on the training corpus by 5-fold
cross-validation. Among the candidates that keep every corpus at least at the rules' own
accuracy, it prints the one with the best cross-validated accuracy (ties: the larger
margins). The held-out set is never read. Paste the result into OVERRIDE in train_kind.py.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

from bot.kinds import Kind
from bot.nlu.model import Override, default_model
from bot.nlu.observe import observe
from training.crossval import NEVER, out_of_fold
from training.train_kind import NOW, Example, example, load, train

CANDIDATES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, float("inf"))


def corpus_examples(path: Path) -> list[tuple[Example, set[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        seen = observe(str(record["text"]), NOW)
        fair = {str(record["kind"]), *record.get("alt", [])}
        if seen is not None:
            rows.append((example(str(record["text"]), Kind(record["kind"]), seen), fair))
        elif "none" not in fair:
            raise SystemExit(f"{path}: an empty message labelled {record['kind']}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpora", type=Path, nargs="+")
    args = parser.parse_args(argv)
    model = default_model()
    corpora = {path.name: corpus_examples(path) for path in args.corpora}
    floors = {
        name: sum(e.decide(model, NEVER).kind.value in fair for e, fair in rows) / len(rows)
        for name, rows in corpora.items()
    }
    scored = out_of_fold(load(), 5, train)
    best: tuple[float, Override] | None = None
    for margins in itertools.product(CANDIDATES, repeat=3):
        gate = Override(*margins)
        scores = {
            name: sum(e.decide(model, gate).kind.value in fair for e, fair in rows) / len(rows)
            for name, rows in corpora.items()
        }
        if any(scores[name] < floors[name] for name in corpora):
            continue
        cv = sum(e.decide(m, gate).kind is e.kind for e, m in scored) / len(scored)
        if best is None or cv >= best[0]:
            best = (cv, gate)
    print("rules alone: " + ", ".join(f"{name} {value:.3f}" for name, value in floors.items()))
    if best is None:
        print("no candidate keeps every corpus at the rules' accuracy")
        return 1
    print(f"chosen: {best[1]} (cross-validated accuracy {best[0]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
