"""Languages are declared once: one folder per language, each with every key the others have.

A third language is a folder under bot/lang and one under templates/: these tests say what
the folder must hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.lang import codes, every, languages
from bot.lang.detect import clear_language, guess_language
from bot.render import LANGUAGES, TEMPLATES_DIR

REPO = Path(__file__).resolve().parents[2]


def keys(table: Mapping[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for name, value in table.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, Mapping):
            found |= keys(value, f"{dotted}.")
        else:
            found.add(dotted)
    return found


def test_every_language_folder_defines_the_same_keys() -> None:
    first, *others = languages()
    assert others, "at least two languages"
    for other in others:
        assert keys(other.words) == keys(first.words), (first.code, other.code)


def test_every_word_list_holds_words() -> None:
    for known in languages():
        for key in keys(known.words):
            value = known.get(key)
            if isinstance(value, list):
                assert all(isinstance(word, str) and word for word in value), (known.code, key)


def test_every_language_has_its_templates_and_the_renderer_knows_it() -> None:
    assert set(codes()) == LANGUAGES
    for code in codes():
        assert (TEMPLATES_DIR / code).is_dir(), code


def test_the_web_pages_only_name_words_a_language_defines() -> None:
    pages = set(languages()[0].get("web.pages"))
    household = {*languages()[0].get("web.household"), "other_lang"}
    html = "".join(p.read_text(encoding="utf-8") for p in (TEMPLATES_DIR / "web").glob("*.html"))
    script = (REPO / "bot" / "web" / "static" / "simulator.js").read_text(encoding="utf-8")
    named = set(re.findall(r'data-i18n(?:-placeholder)?="(\w+)"', html))
    named |= set(re.findall(r'\bt\("(\w+)"\)', script))
    assert named and named <= pages, named - pages
    used = set(re.findall(r"\bt\.(\w+)", html)) | set(re.findall(r"\bt\[\"(\w+)\"\]", html))
    assert used and used <= household, used - household


def test_the_detector_reads_the_letters_each_language_declares() -> None:
    assert clear_language("卫生间漏水") == "zh"
    assert clear_language("the sink is leaking") == "en"
    assert clear_language("好") is None  # one character says nothing yet
    assert clear_language("ok 好") is None  # a Han character: never clearly English
    assert guess_language("好", "en") == "zh"
    assert guess_language("ok", "zh") == "en"
    assert guess_language("301", "en") == "en"


def test_a_word_is_looked_up_across_languages() -> None:
    assert every("leader.verbs.stats")[:1] == ["本月"] and "stats" in every("leader.verbs.stats")
