""" "登录" / "login": the whole message asks for a link into the staff console.

The words are each language's (bot/lang/*/words.toml, [signin]). Only the word alone
counts, so "登录不了微信" or "login page is broken" stay reports or chatter.
"""

from __future__ import annotations

import re

from bot.lang import every

_ASK = frozenset(" ".join(word.lower().split()) for word in every("signin.ask"))
_AROUND = " \t\r\n.。!！?？~～"


def asks_for_link(text: str) -> bool:
    return " ".join(re.split(r"\s+", text.strip(_AROUND).lower())) in _ASK
