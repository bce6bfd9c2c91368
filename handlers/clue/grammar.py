""" "举报 …" / "report anonymously …": a clue report (线索举报) in a direct chat.

The word opens the message and the clue follows it ("举报 清水湾3号楼有人在楼道给电动车充电",
"举报：7幢群租"); the word alone asks how. The words are each language's (bot/lang/*/
words.toml, [clue]). Pure: `read_clue(text)` returns the clue's text ("" for the word alone)
or None when the message is no clue report.
"""

from __future__ import annotations

import re

from bot.lang import every

_WORDS = sorted(every("clue.ask"), key=len, reverse=True)
_CLUE = re.compile(
    rf"^(?:{'|'.join(re.escape(w) for w in _WORDS)})(?P<rest>(?:[\s:：,，、;；\-—].*)?)$",
    re.IGNORECASE | re.DOTALL,
)
_LATIN_END = re.compile(r"[a-z]$", re.IGNORECASE)


def read_clue(text: str) -> str | None:
    plain = text.strip()  # the clue is stored as written
    found = _CLUE.match(plain)
    if found is None:
        # "举报" glued to the clue in Chinese ("举报7幢群租"): no separator needed after a
        # Chinese word, as long as something follows.
        for word in _WORDS:
            if not _LATIN_END.search(word) and plain.startswith(word) and len(plain) > len(word):
                return plain[len(word) :].strip(" :：,，、;；-—")
        return None
    return found["rest"].strip(" \t\r\n:：,，、;；-—")
