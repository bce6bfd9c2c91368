"""Event numbers as people type them: "2026-0042", "#2026-0042", "#42", "42", "0042".

A bare sequence means the current year. A bare number is only a number when nothing
that makes it a place or a time follows ("10幢", "3点"): "处理中 10幢水管已换" names no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.crud.numbering import format_number

# What may follow a bare number that is really a place, a time or a quantity.
_UNIT_AFTER = "幢栋号楼单元室层点时分秒天周月日年岁元块米个次楼户间人"
_NUMBER = (
    r"(?P<hash>[#＃])?\s*(?:(?P<year>20\d{2})\s*[-－—–/.]\s*)?(?P<seq>\d{1,4})"
    rf"(?![\d:：.\-/{_UNIT_AFTER}])(?![a-zA-Z])"
)
LEADING_NUMBER = re.compile(rf"^\s*{_NUMBER}")
# In a quoted assignment the number follows "#", or is a full "2026-0042" anywhere.
_QUOTED = re.compile(
    r"[#＃]\s*(?P<year>20\d{2})\s*-\s*(?P<seq>\d{1,4})|(?P<y2>20\d{2})-(?P<s2>\d{4})"
)


@dataclass(frozen=True, slots=True)
class EventRef:
    """A typed event number; `year` None means "this year"."""

    sequence: int
    year: int | None = None

    def number(self, current_year: int) -> str:
        return format_number(self.year or current_year, self.sequence)


def leading_number(text: str) -> tuple[EventRef, str] | None:
    """The event number at the start of `text` and the text after it, or None."""
    found = LEADING_NUMBER.match(text)
    if found is None or int(found["seq"]) == 0:
        return None
    year = int(found["year"]) if found["year"] else None
    return EventRef(int(found["seq"]), year), text[found.end() :]


def number_in_quote(quoted: str | None) -> EventRef | None:
    """The event number a quoted bot message names ("新事件 #2026-0042：漏水")."""
    if not quoted:
        return None
    found = _QUOTED.search(quoted)
    if found is None:
        return None
    year, seq = found["year"] or found["y2"], found["seq"] or found["s2"]
    return EventRef(int(seq), int(year))
