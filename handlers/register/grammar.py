"""The one-word answers a register conversation waits for: "确认"/"yes" or "取消"/"no".

The words are each language's (bot/lang/*/words.toml, [register]).
"""

from __future__ import annotations

import re

from bot.chat import Inbound
from bot.lang import every

_END = " \t。.!！~～"


def _words(key: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in every(key)), re.I)


_YES = _words("register.yes")
_NO = _words("register.no")


def says_yes(inbound: Inbound) -> bool:
    return bool(_YES.fullmatch(inbound.text.strip().strip(_END)))


def says_no(inbound: Inbound) -> bool:
    return bool(_NO.fullmatch(inbound.text.strip().strip(_END)))
