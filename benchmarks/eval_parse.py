"""Score the parser on a labelled corpus: `python benchmarks/eval_parse.py CORPUS.jsonl`.

Prints kind accuracy (a kind listed in `alt` counts), macro-F1 over kinds, accuracy over
the fields each line labels, the false-positive rate on `none` and the misses.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.nlu import parse
from bot.nlu.reading import Reading

NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")
LOCATION_FIELDS = ("community", "building", "unit", "floor", "room")
PERSON_FIELDS = ("name", "phone", "id_type", "id_number", "nationality")
DATE_FIELDS = ("visa_expiry", "move_in", "move_out")


@dataclass
class Tally:
    lines: int = 0
    kind_right: int = 0
    none_lines: int = 0
    none_false_positives: int = 0
    field_right: Counter[str] = field(default_factory=Counter)
    field_total: Counter[str] = field(default_factory=Counter)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted)
    kind_misses: list[tuple[str, str, str]] = field(default_factory=list)
    field_misses: list[tuple[str, str, object, object]] = field(default_factory=list)


def predicted_fields(reading: Reading) -> dict[str, object]:
    contract = reading.to_contract()
    values: dict[str, object] = {"urgent": contract["urgent"]}
    for group, names in (
        ("location", LOCATION_FIELDS),
        ("person", PERSON_FIELDS),
        ("dates", DATE_FIELDS),
    ):
        values.update({name: contract[group][name] for name in names})
    return values


def score_line(tally: Tally, record: dict[str, Any]) -> None:
    text, gold = str(record["text"]), str(record["kind"])
    reading = parse(text, NOW)
    got = reading.kind.value
    fair = {gold, *record.get("alt", [])}
    tally.lines += 1
    tally.pairs.append((gold, gold if got in fair else got))
    if got in fair:
        tally.kind_right += 1
    else:
        tally.kind_misses.append((text, gold, got))
    if gold == "none":
        tally.none_lines += 1
        tally.none_false_positives += got not in fair
    values = predicted_fields(reading)
    for name, expected in record.items():
        if name in values:
            tally.field_total[name] += 1
            if values[name] == expected:
                tally.field_right[name] += 1
            else:
                tally.field_misses.append((text, name, expected, values[name]))


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    kinds = {kind for pair in pairs for kind in pair}
    scores = []
    for kind in kinds:
        true_pos = sum(1 for gold, got in pairs if gold == kind and got == kind)
        predicted = sum(1 for _, got in pairs if got == kind)
        actual = sum(1 for gold, _ in pairs if gold == kind)
        precision = true_pos / predicted if predicted else 0.0
        recall = true_pos / actual if actual else 0.0
        total = precision + recall
        scores.append(2 * precision * recall / total if total else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def report(tally: Tally, corpus: Path) -> None:
    right, total = sum(tally.field_right.values()), sum(tally.field_total.values())
    print(f"corpus            {corpus} ({tally.lines} lines, now={NOW.isoformat()})")
    print(f"kind accuracy     {_ratio(tally.kind_right, tally.lines)}")
    print(f"kind macro-F1     {macro_f1(tally.pairs):.3f}")
    print(f"field accuracy    {_ratio(right, total)}")
    for name in sorted(tally.field_total):
        print(f"  {name:<14}  {_ratio(tally.field_right[name], tally.field_total[name])}")
    print(f"FP rate on none   {_ratio(tally.none_false_positives, tally.none_lines)}")
    print(f"\nkind misses ({len(tally.kind_misses)}): expected -> got | text")
    for text, gold, got in tally.kind_misses:
        print(f"  {gold} -> {got} | {_short(text)}")
    print(f"\nfield misses ({len(tally.field_misses)}): field expected -> got | text")
    for text, name, expected, value in tally.field_misses:
        print(f"  {name} {expected!r} -> {value!r} | {_short(text)}")


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0 labelled)"


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path, help="JSON lines with text, kind and fields")
    args = parser.parse_args(argv)
    tally = Tally()
    with args.corpus.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                print(f"{args.corpus}:{number}: skipped, not JSON ({error})", file=sys.stderr)
                continue
            score_line(tally, record)
    report(tally, args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
