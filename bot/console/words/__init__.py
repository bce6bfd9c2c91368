"""The console's words, one TOML file per language (zh.toml, en.toml).

Every page, export and `gridbot assess` line takes its words from here; a test checks
that both languages have the same keys.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

LANGS = ("zh", "en")
_HERE = Path(__file__).resolve().parent


@cache
def words(lang: str | None) -> Mapping[str, str]:
    chosen = lang if lang in LANGS else LANGS[0]
    with (_HERE / f"{chosen}.toml").open("rb") as file:
        data = tomllib.load(file)
    return MappingProxyType({str(key): str(value) for key, value in data.items()})
