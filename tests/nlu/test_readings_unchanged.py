"""The parser reads the repository's messages as recorded in tests/nlu/golden/readings.jsonl
(see tests/nlu/golden/readings.py): a speed-up must change no reading."""

from __future__ import annotations

from tests.nlu.golden.readings import FILE, current


def test_every_reading_is_the_recorded_one() -> None:
    recorded = FILE.read_text(encoding="utf-8").splitlines()
    now = list(current())
    changed = [(old, new) for old, new in zip(recorded, now, strict=False) if old != new]
    assert not changed[:5], "rerun python -m tests.nlu.golden.readings if this was meant"
    assert len(now) == len(recorded)
