"""The console's words: the `[console]` table of each language folder
(bot/lang/<code>/words.toml), the one home of every language's words.

Every page, export and `gridbot assess` line takes its words from here; tests/lang checks
that every language has the same keys, tests/console that their placeholders agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from bot.lang import codes, language

LANGS = codes()  # the first is the fallback


@cache
def words(lang: str | None) -> Mapping[str, str]:
    chosen = lang if lang in LANGS else LANGS[0]
    table = language(chosen).get("console")
    return MappingProxyType({str(key): str(value) for key, value in table.items()})
