"""Score the parser on labelled corpora: `python benchmarks/eval_parse.py CORPUS.jsonl ...`.

For each corpus: kind accuracy (a kind listed in `alt` counts), macro-F1 over kinds, accuracy
over the fields each line labels, the false-positive rate on `none`, and kind accuracy per
`family` when the lines name one (the held-out set does). A table of all corpora closes the
output. Lines are listed only with `--misses`: the shared corpora are for measuring, and a
listing invites patching single lines.
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
    family_right: Counter[str] = field(default_factory=Counter)
    family_total: Counter[str] = field(default_factory=Counter)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted)
    kind_misses: list[tuple[str, str, str]] = field(default_factory=list)
    field_misses: list[tuple[str, str, object, object]] = field(default_factory=list)

    @property
    def fields_right(self) -> int:
        return sum(self.field_right.values())

    @property
    def fields_total(self) -> int:
        return sum(self.field_total.values())


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
    family = record.get("family")
    if isinstance(family, str):
        tally.family_total[family] += 1
        tally.family_right[family] += got in fair
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


def report(tally: Tally, corpus: Path, *, misses: bool) -> None:
    print(f"corpus            {corpus} ({tally.lines} lines, now={NOW.isoformat()})")
    print(f"kind accuracy     {_ratio(tally.kind_right, tally.lines)}")
    print(f"kind macro-F1     {macro_f1(tally.pairs):.3f}")
    print(f"field accuracy    {_ratio(tally.fields_right, tally.fields_total)}")
    for name in sorted(tally.field_total):
        print(f"  {name:<14}  {_ratio(tally.field_right[name], tally.field_total[name])}")
    print(f"FP rate on none   {_ratio(tally.none_false_positives, tally.none_lines)}")
    if tally.family_total:
        print("kind accuracy by family")
        for family in sorted(tally.family_total):
            ratio = _ratio(tally.family_right[family], tally.family_total[family])
            print(f"  {family:<14}  {ratio}")
    if misses:
        print(f"\nkind misses ({len(tally.kind_misses)}): expected -> got | text")
        for text, gold, got in tally.kind_misses:
            print(f"  {gold} -> {got} | {_short(text)}")
        print(f"\nfield misses ({len(tally.field_misses)}): field expected -> got | text")
        for text, name, expected, value in tally.field_misses:
            print(f"  {name} {expected!r} -> {value!r} | {_short(text)}")
    print()


def table(tallies: list[tuple[Path, Tally]]) -> None:
    heads = ("lines", "kind acc", "macro-F1", "none FP", "fields")
    print(f"{'corpus':<40} " + " ".join(f"{head:>8}" for head in heads))
    for corpus, tally in tallies:
        fields = tally.fields_right / tally.fields_total if tally.fields_total else None
        none_fp = tally.none_false_positives / tally.none_lines if tally.none_lines else None
        print(
            f"{corpus.name:<40} {tally.lines:>8} {tally.kind_right / tally.lines:>8.3f}"
            f" {macro_f1(tally.pairs):>8.3f} {_maybe(none_fp):>8} {_maybe(fields):>8}"
        )


def score_file(path: Path) -> Tally:
    tally = Tally()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                print(f"{path}:{number}: skipped, not JSON ({error})", file=sys.stderr)
                continue
            score_line(tally, record)
    return tally


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0 labelled)"


def _maybe(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpora", type=Path, nargs="+", help="JSON lines: text, kind, fields")
    parser.add_argument("--misses", action="store_true", help="also list every missed line")
    args = parser.parse_args(argv)
    tallies: list[tuple[Path, Tally]] = []
    for path in args.corpora:
        if not path.is_file():
            print(f"{path}: not found, skipped\n", file=sys.stderr)
            continue
        tally = score_file(path)
        if tally.lines:
            report(tally, path, misses=args.misses)
            tallies.append((path, tally))
    if not tallies:
        print("no corpus to score", file=sys.stderr)
        return 1
    table(tallies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
