"""Chinese date phrases (and numeric dates) -> dates, resolved to the future side of today.

dateparser misreads these ("月" as months, "15日" as +15 days), so they are rules of our own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from bot.nlu.months import add_months, days_in, month_end
from bot.nlu.numerals import to_int

_N = "[0-9零〇一二两三四五六七八九十]{1,3}"
_Y = "(?:[0-9]{4}|[零〇一二三四五六七八九]{4})"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_DAY_WORDS = {"今天": 0, "今日": 0, "今儿": 0, "明天": 1, "明日": 1, "明儿": 1, "后天": 2}
_DAY_WORDS |= {"大后天": 3, "昨天": -1, "昨日": -1, "前天": -2}

_MAX_FOUND = 32
_GATE = re.compile(r"[0-9]|[年月日号天周星期礼拜底]")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ymd", re.compile(rf"({_Y})\s*[年/\-.]\s*({_N})\s*[月/\-.]\s*({_N})\s*[日号]?(?![0-9])")),
    ("md", re.compile(rf"(今年|明年|后年)?\s*({_N})\s*月\s*({_N})\s*[日号]")),
    ("m_part", re.compile(rf"(今年|明年|后年)?\s*({_N})\s*月\s*(底|末|初|中旬|中)")),
    # A month without a day ("签证到2027年2月", "明年5月到期", "下个月搬走"): the 1st here;
    # dates.py moves an expiry to the month's last day.
    (
        "ym",
        re.compile(
            rf"({_Y})\s*年\s*({_N})\s*月(?!\s*[0-9零〇一二两三四五六七八九十]|份?\s*[底末初中])"
        ),
    ),
    (
        "year_month",
        re.compile(
            rf"(今年|明年|后年)\s*({_N})\s*月(?!\s*[0-9零〇一二两三四五六七八九十]|份?\s*[底末初中])"
        ),
    ),
    (
        "bare_month",
        re.compile(
            rf"(?<![0-9年个])({_N})\s*月份?(?=\s*(?:就|要|会|才)?\s*(?:入住|搬|退|到期|回国|离开))"
        ),
    ),
    (
        "rel_month",
        re.compile(rf"(这个?月|本月|下下个?月|下个?月)\s*(?:(底|末|初)|({_N})\s*[号日])"),
    ),
    ("month_end", re.compile(r"(?<![个下本])(月底|月末|年底|年末)")),
    (
        "next_month",
        re.compile(
            r"(下下个?月|下个?月)(?!\s*[0-9零〇一二两三四五六七八九十底末初中])(?=\s*(?:就|要|会|才|再)?\s*(?:入住|搬|退|到期|回国|离开))"
        ),
    ),
    ("slash_md", re.compile(r"(?<![0-9./\-])([0-9]{1,2})[./]([0-9]{1,2})(?![0-9./\-])")),
    ("day_word", re.compile("大后天|今天|今日|今儿|明天|明日|明儿|后天|昨天|昨日|前天")),
    (
        "offset",
        re.compile(
            rf"(?:过\s*({_N})\s*天)|({_N})\s*(天|周|个?星期|个?礼拜|个?月)\s*(?:以后|之后|后)"
        ),
    ),
    (
        "weekday",
        re.compile(r"(下下个?|下个?|这个?|本|上个?)?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])"),
    ),
    (
        "bare_day",
        re.compile(rf"(?<![0-9月])({_N})\s*[号日](?=\s*(?:入住|搬|退|到期|离开|前|之前))"),
    ),
)


def find_zh_dates(text: str, today: date) -> Iterator[tuple[int, int, date]]:
    """(start, end, date) for each date phrase; overlapping later patterns are skipped."""
    if not _GATE.search(text):
        return
    taken: list[tuple[int, int]] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if len(taken) >= _MAX_FOUND:
                return
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _resolve(name, match, today)
            if value is not None:
                taken.append((match.start(), match.end()))
                yield match.start(), match.end(), value


def _resolve(name: str, match: re.Match[str], today: date) -> date | None:
    g = match.groups()
    if name == "ymd":
        return _safe(_int(g[0]), _int(g[1]), _int(g[2]))
    if name == "md":
        return _month_day(today, g[0], _int(g[1]), _int(g[2]))
    if name == "m_part":
        month = _int(g[1])
        day = {"底": 31, "末": 31, "初": 1}.get(g[2], 15)
        return _month_day(today, g[0], month, day, clamp=True)
    if name == "rel_month":
        ahead = 2 if g[0].startswith("下下") else 1 if g[0].startswith("下") else 0
        year, month = add_months(today.year, today.month, ahead)
        day = _int(g[2]) if g[2] else 1 if g[1] == "初" else 31
        return _safe(year, month, min(day, days_in(year, month)))
    if name == "bare_month":
        month = _int(g[0])
        year = today.year if month >= today.month else today.year + 1
        return _safe(year, month, 1) if 1 <= month <= 12 else None
    if name == "ym":
        return _safe(_int(g[0]), _int(g[1]), 1)
    if name == "year_month":
        return _month_day(today, g[0], _int(g[1]), 1)
    if name == "next_month":
        year, month = add_months(today.year, today.month, 2 if g[0].startswith("下下") else 1)
        return date(year, month, 1)
    if name == "month_end":
        if g[0].startswith("年"):
            return date(today.year, 12, 31)
        return month_end(today)
    if name == "slash_md":
        return _month_day(today, None, int(g[0]), int(g[1]))
    if name == "day_word":
        return today + timedelta(days=_DAY_WORDS[match.group()])
    if name == "offset":
        return _offset(today, g)
    if name == "weekday":
        return _weekday(today, g[0] or "", g[1])
    day = _int(g[0])
    candidate = _safe(today.year, today.month, day)
    if candidate is not None and candidate < today:
        year, month = add_months(today.year, today.month, 1)
        candidate = _safe(year, month, day)
    return candidate


def _int(numeral: str) -> int:
    return to_int(numeral) or 0


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(
    today: date, year_word: str | None, month: int, day: int, clamp: bool = False
) -> date | None:
    if not 1 <= month <= 12:
        return None
    year = today.year + {"今年": 0, "明年": 1, "后年": 2}.get(year_word or "", 0)
    if clamp:
        day = min(day, days_in(year, month))
    candidate = _safe(year, month, day)
    if year_word is None and candidate is not None and candidate < today:
        candidate = _safe(year + 1, month, day)
    return candidate


def _offset(today: date, g: tuple[str | None, ...]) -> date | None:
    if g[0]:
        return today + timedelta(days=_int(g[0]))
    count, unit = _int(g[1] or ""), g[2] or ""
    if unit.endswith("月"):
        year, month = add_months(today.year, today.month, count)
        return _safe(year, month, min(today.day, days_in(year, month)))
    return today + timedelta(days=count * (1 if unit == "天" else 7))


def _weekday(today: date, prefix: str, day: str) -> date:
    target = int(day) - 1 if day.isdigit() else _WEEKDAYS[day]
    monday = today - timedelta(days=today.weekday())
    if prefix.startswith("下下"):
        return monday + timedelta(days=14 + target)
    if prefix.startswith("下"):
        return monday + timedelta(days=7 + target)
    if prefix.startswith("上"):
        return monday + timedelta(days=target - 7)
    if prefix:
        return monday + timedelta(days=target)
    ahead = (target - today.weekday()) % 7
    return today + timedelta(days=ahead)
