"""The words of the household pages in each language (`?lang=en`): bot/lang/*/words.toml,
[web.household]; the link to the next language shows that language's own name."""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import codes, language

LANGS = codes()


def words(lang: str | None) -> Mapping[str, str]:
    chosen = lang if lang in LANGS else LANGS[0]
    return {**language(chosen).get("web.household"), "other_lang": language(other(chosen)).name}


def other(lang: str) -> str:
    """The language the page's language link offers: the next one, round the list."""
    return LANGS[(LANGS.index(lang) + 1) % len(LANGS)] if lang in LANGS else LANGS[0]
