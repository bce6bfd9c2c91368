"""What a reply to the bot's question gives: the parse, plus the bare answers it cannot read.

Asked "姓名？", people answer "张三" or "John Smith"; asked for the passport, "E12345678".
Such bare values count only for the fields the bot asked for.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.nlu.reading import Reading
from bot.register.draft import PASSPORT, Draft, draft_from_reading

_NAME_CUE = re.compile(
    r"^(?:我叫|名字(?:是|叫)?|姓名|叫|my name is|name(?: is)?)\s*[:：]?\s*", re.I
)
_HAN_NAME = re.compile(r"[\u3400-\u9fff·]{2,6}")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*){0,3}")
_PASSPORT = re.compile(r"[A-Za-z]{1,2}\d{6,9}")
_TRIM = " \t。.!！,，;；"


def answer_draft(text: str, reading: Reading, asked: Collection[str]) -> Draft:
    draft = draft_from_reading(reading)
    bare = _NAME_CUE.sub("", text.strip().strip(_TRIM)).strip(_TRIM)
    if "name" in asked and not draft.name and _is_name(bare):
        draft = Draft(name=bare).merged(draft)
    if "document" in asked and not draft.document_number and _PASSPORT.fullmatch(bare):
        draft = draft.merged(Draft(document_type=PASSPORT, document_number=bare.upper()))
    return draft


def _is_name(text: str) -> bool:
    shaped = _HAN_NAME.fullmatch(text) or _LATIN_NAME.fullmatch(text)
    return bool(shaped) and text.lower() not in _NOT_NAMES


_NOT_NAMES = frozenset(
    {"yes", "no", "ok", "okay", "confirm", "cancel", "hi", "hello", "thanks"}
    | {"确认", "取消", "是的", "好的", "不是", "谢谢", "没有", "不用"}
)
