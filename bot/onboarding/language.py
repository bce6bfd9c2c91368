"""Which language a message is clearly written in; None when it could be either."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def clear_language(text: str) -> str | None:
    """ "zh" for two or more Han characters, "en" for two or more Latin words and no Han.

    A lone "ok", a room number or an emoji says nothing, so the language stays as it was.
    """
    han = len(_HAN.findall(text))
    if han >= 2:
        return "zh"
    if han == 0 and len(_LATIN_WORD.findall(text)) >= 2:
        return "en"
    return None
