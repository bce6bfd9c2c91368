"""A message's text is kept up to `[bot] text_limit` characters, cut with a clear mark.

Applied where every message enters the pipeline, so what is stored (the inbound log, an
event, a register draft), parsed and quoted back ("原文" in a leader's assignment) is never
more than the limit: a megabyte pasted into a group is neither stored whole nor forwarded
whole. The mark ("…(已截断)" / "…(truncated)") is in the language the text is written in.
"""

from __future__ import annotations

from dataclasses import replace

from bot.chat import Inbound
from bot.lang import language
from bot.lang.detect import guess_language

# A report or a registration fits in far less; a whole phone screen of text is about 2,000.
TEXT_LIMIT = 2000
TEXT_LIMIT_RANGE = (200, 100_000)  # what `[bot] text_limit` accepts


def capped(text: str, limit: int, *, default_lang: str = "zh") -> str:
    """`text` itself, or its first `limit` characters and the mark saying it was cut."""
    if len(text) <= limit:
        return text
    kept = text[:limit]
    lang = guess_language(kept, default_lang)
    return kept + str(language(lang).get("text.truncated"))


def capped_inbound(inbound: Inbound, limit: int, *, default_lang: str = "zh") -> Inbound:
    """`inbound` with its text and the text it quotes capped."""
    quoted = inbound.quoted_text
    if len(inbound.text) <= limit and (quoted is None or len(quoted) <= limit):
        return inbound
    return replace(
        inbound,
        text=capped(inbound.text, limit, default_lang=default_lang),
        quoted_text=None if quoted is None else capped(quoted, limit, default_lang=default_lang),
    )
