"""English date phrases -> dates. Month-name dates go to dateparser, imported lazily.

Weekday phrases are our own rules: dateparser reads "next Friday" as this week's Friday,
while "下周五" and the tenants' "next Friday" mean the Friday of next week.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from bot.nlu.months import add_months, days_in

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_GATE = re.compile(
    rf"\b(?:{_MONTH}|today|tonight|tomorrow|yesterday|end of|in \d+|{_WEEKDAY})\b"
    r"|(?<!\d)\d{1,2}/\d{1,2}/\d{4}"
)
_MONTH_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?(?:\s*,?\s*\d{{4}})?"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,?\s*\d{{4}})?)\b"
)
# "March 2027": a month without a day, the 1st here (dates.py moves an expiry to its end).
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?\s*,?\s*(20[0-9]{{2}})\b")
_IN_DAYS = re.compile(
    r"\bin\s+(\d{1,3})\s+(day|week)s?\b|\b(\d{1,3})\s+(day|week)s?\s+(?:later|from now)\b"
)
_DMY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_DAY_WORD = re.compile(r"\b(?:the\s+)?(day after tomorrow|today|tonight|tomorrow|yesterday)\b")
_WEEKDAY_PHRASE = re.compile(rf"\b(?:(next|this|coming|on)\s+)?({_WEEKDAY})\b")
_MONTH_END = re.compile(r"\bend of (?:the |this |next )?month\b")
_DAY_OFFSETS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "day after tomorrow": 2}


def find_en_dates(text: str, now: datetime) -> Iterator[tuple[int, int, date]]:
    lower = text.lower()
    if not _GATE.search(lower):
        return
    today = now.date()
    for match in _MONTH_DATE.finditer(lower):
        value = _dateparser(match.group(), datetime.combine(today, time()))
        if value is not None:
            yield match.start(), match.end(), value
    for match in _MONTH_YEAR.finditer(lower):
        value = _dateparser(f"1 {match.group()}", datetime.combine(today, time()))
        if value is not None:
            yield match.start(), match.end(), value
    for match in _IN_DAYS.finditer(lower):
        count = int(match.group(1) or match.group(3))
        unit = match.group(2) or match.group(4)
        yield (
            match.start(),
            match.end(),
            today + timedelta(days=count * (7 if unit == "week" else 1)),
        )
    for match in _DMY.finditer(lower):
        try:
            yield match.start(), match.end(), date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            continue
    for match in _DAY_WORD.finditer(lower):
        yield match.start(), match.end(), today + timedelta(days=_DAY_OFFSETS[match.group(1)])
    for match in _WEEKDAY_PHRASE.finditer(lower):
        yield match.start(), match.end(), _weekday(today, match.group(1), match.group(2))
    for match in _MONTH_END.finditer(lower):
        year, month = add_months(today.year, today.month, 1 if "next" in match.group() else 0)
        yield match.start(), match.end(), date(year, month, days_in(year, month))


def _weekday(today: date, prefix: str | None, name: str) -> date:
    target = _WEEKDAY_NAMES.index(name)
    monday = today - timedelta(days=today.weekday())
    if prefix == "next":
        return monday + timedelta(days=7 + target)
    if prefix == "this":
        return monday + timedelta(days=target)
    return today + timedelta(days=(target - today.weekday()) % 7)


def _dateparser(phrase: str, base: datetime) -> date | None:
    try:
        parsed = _parser(base).get_date_data(phrase).date_obj
    except (ValueError, OverflowError):  # "31 Dec 9999"-style junk must not stop a parse
        return None
    return parsed.date() if parsed is not None else None


@lru_cache(maxsize=4)
def _parser(base: datetime) -> Any:
    from dateparser.date import DateDataParser  # heavy: only when a month name is present

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)
