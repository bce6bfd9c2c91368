"""The vendored chart library is the pinned one; both languages have every console word."""

from __future__ import annotations

import hashlib
import string
from pathlib import Path

from bot.console.words import LANGS, words

VENDOR = Path(__file__).resolve().parents[2] / "bot" / "web" / "static" / "vendor" / "echarts"


def test_the_vendored_echarts_is_the_pinned_file_with_its_licence() -> None:
    pinned = dict(
        line.split("=", 1)
        for line in (VENDOR / "PINNED").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    data = (VENDOR / "echarts.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == pinned["sha256"]
    assert "Apache License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "Apache ECharts" in (VENDOR / "NOTICE").read_text(encoding="utf-8")


def test_both_languages_have_the_same_words_and_placeholders() -> None:
    zh, en = (words(lang) for lang in LANGS)
    assert set(zh) == set(en)

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key in zh:
        assert fields(zh[key]) == fields(en[key]), key
    assert words("fr") == words("zh")  # an unknown language falls back to Chinese
