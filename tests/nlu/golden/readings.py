"""Every reading the parser gives the repository's own messages, kept in a file, so that a
change meant only to make the parser faster is shown to change nothing it reads.

`readings.jsonl` holds, per message of the training corpus and the held-out set, its whole
reading (contract fields and the handlers' extras); per file, one digest covers the readings
of its messages changed the ways chat changes them (case, full-width space and junk, inline
pinyin, a cut), which exercise the normalisation and the regex gates.

Run `python -m tests.nlu.golden.readings` to rewrite the file after a change that is meant
to change readings (a new rule, a retrained model), and review its diff like code.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.nlu import parse

ROOT = Path(__file__).resolve().parents[3]
FILE = Path(__file__).with_name("readings.jsonl")
NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")
SOURCES = (*sorted((ROOT / "training" / "data").glob("*.jsonl")),)
SOURCES += (ROOT / "benchmarks" / "heldout" / "chat-2026-12.jsonl",)


def variants(text: str) -> tuple[str, ...]:
    return (
        text.upper(),
        "\u3000" + text.replace("水", "水(shui)") + "\u200b！",
        text[len(text) // 3 :],
    )


def reading_of(text: str) -> dict[str, Any]:
    """The whole reading, contract fields and the handlers' extras, nulls left out."""
    reading = parse(text, NOW)
    fields: dict[str, Any] = {"kind": reading.kind.value, "urgent": reading.urgent}
    fields["confidence"] = reading.confidence
    for group in (reading.location, reading.person, reading.dates):
        fields |= {key: str(value) for key, value in asdict(group).items() if value}
    fields |= {"lang": reading.lang, "matched": list(reading.matched)}
    if reading.duration:
        fields["duration"] = reading.duration
    return fields


def _line(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def current() -> Iterator[str]:
    """The lines readings.jsonl should hold, given the parser as it is."""
    for path in SOURCES:
        digest = hashlib.sha256()
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            yield _line({"at": f"{path.name}:{number}", **reading_of(text)})
            for variant in variants(text):
                digest.update(_line(reading_of(variant)).encode() + b"\n")
        yield _line({"at": f"{path.name}:variants", "sha256": digest.hexdigest()})


def main() -> int:
    FILE.write_text("".join(line + "\n" for line in current()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
