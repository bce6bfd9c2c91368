"""Where a report happens: community, building (幢/栋/号楼/号), unit, floor, room."""

from __future__ import annotations

import re

from bot.nlu.identifiers import blank, identifiers, mask
from bot.nlu.location_en import english_location
from bot.nlu.numerals import to_digits, to_int
from bot.nlu.places import find_community, has_known_place, place_initials
from bot.nlu.reading import NO_LOCATION, Location

_CN = "零〇一二三四五六七八九十百"  # 两 and 几 count things ("两栋楼"), they never name one
_CN_DIGIT = "零〇一二三四五六七八九"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MAX_CHARS = 2000  # longer messages are cut: a location comes early, regexes stay linear on junk

_DIGIT = re.compile("[0-9]")
# A set intersection rejects most chatter in ~1 µs, before any regex runs.
_MARKER_CHARS = frozenset(
    "幢栋号楼层单元室房区村苑园寓舍零〇abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_LATIN = re.compile("[a-z]")
# Without a digit, only a Chinese numeral before a marker or a place name can give a location.
# Two patterns that each open with a character class (a fast scan), not one alternation.
_GATES = (
    re.compile(rf"[{_CN}](?:\s*(?:幢|栋|号|楼|层|单元|室|房)|(?<=[零〇]))"),
    re.compile("区|村|苑|园|寓|宿舍|village|community|garden|floor|room|building|bldg|block|unit"),
)
# Dates, times, amounts: blanked before looking for numbers that could be rooms.
# Each pattern runs only when one of its separators (a character class) is in the text:
# most messages have none.
# The patterns open with a single character class ("[0-9]{2,4}" written "[0-9][0-9]{1,3}",
# a lookbehind moved after the character it guards): the regex engine then scans for that
# class instead of trying the whole pattern at every position.
_NOT_PLACES = (
    (
        re.compile(r"[年/.\-]"),
        re.compile(
            r"[0-9](?:[0-9]{1,3}\s*[年/.\-]\s*[0-9]{1,2}(?:\s*[月/.\-]\s*[0-9]{1,2}\s*[日号]?)?"
            r"|(?<![0-9][0-9])[0-9]*\.[0-9]+)"
        ),
    ),
    (
        re.compile("月"),
        re.compile(rf"[0-9{_CN}][0-9{_CN}]{{0,2}}\s*月\s*[0-9{_CN}]{{1,3}}\s*[日号]?"),
    ),
    (re.compile("[:：]"), re.compile(r"[0-9][0-9]?\s*[:：]\s*[0-9]{2}")),
)
_ENGLISH_DATES = re.compile(
    rf"\b[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{'|'.join(_MONTHS)})[a-z]*\.?(?:\s*,?\s*[0-9]{{4}})?"
    rf"|\b(?:{'|'.join(_MONTHS)})[a-z]*\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?\b(?:\s*,?\s*[0-9]{{4}})?"
)
# One pass finds every numeral followed by a marker; the marker decides the field.
# "(?<![0-9])([0-9]{1,4}|[CN]{1,4})": the numeral's first character, then the lookbehind
# (two back, over it), then the rest of its kind of numeral.
_MARKED = re.compile(
    rf"([0-9{_CN}](?<![0-9][\s\S])(?:(?<=[0-9])[0-9]{{0,3}}|(?<=[{_CN}])[{_CN}]{{0,3}}))"
    r"\s*(号楼|号房|号|幢|栋|座|单元|室|房|楼|层)"
)
_MARKER = re.compile("[号幢栋座单室房楼层]")  # a marker's first character: no marker, no match
_HOUSE_NOT_BEFORE = "月周期负第天路街弄"  # "12月5号", "今天5号" are dates; "**路38号" a street
_HOUSE_NOT_AFTER = re.compile(
    r"[码线院柜箱位床桌机键窗]|\s*(?:入住|搬|退|到期|前|之前|开始|上午|下午|晚上|早上|中午|那天|左右|以前|以后|后|起|晚|早)"
)
_TRIPLE = re.compile(r"(?<![0-9\-])([0-9]{1,3})-([0-9]{1,2})-([0-9]{3,4})(?![0-9\-])")
_ROOM_AFTER = re.compile(
    rf"(?:幢|栋|号楼|座|单元|号|building\s*[0-9]+|bldg\s*[0-9]+)[\s,，]*"
    rf"([0-9]{{3,4}}|[{_CN_DIGIT}]{{3,4}})(?![0-9])"
)
# The lookbehinds come after the numeral's first character (one further back each).
_ROOM_BARE = re.compile(
    rf"([1-9{_CN_DIGIT[2:]}]"
    r"(?<![0-9a-z.\-/:#+][\s\S])(?<!打[\s\S])(?<!拨[\s\S])(?<!租[\s\S])"
    r"(?<!call [\s\S])(?<!dial [\s\S])"
    rf"(?:(?<=[1-9])[0-9]{{2,3}}|(?<=[{_CN_DIGIT[2:]}])[{_CN_DIGIT}]{{2,3}}))"
    rf"(?![0-9a-z.%/:\-{_CN_DIGIT}])"
    r"(?!\s*(?:元|块|米|平|点|年|月(?![底末初中])|日|号|天(?!天)|个|人|次|小时|分|万|斤|度|楼|层|栋|幢|单元|路|岁|多|余"
    r"|左右|%|w\b|k\b|am\b|pm\b))"
)
_SERVICE_NUMBERS = frozenset({"110", "112", "114", "119", "120", "122"})
# With digits, a location still needs one of these (on lower-cased text): a 3-digit run, a
# numeral before a marker, a community suffix's last character, an English place word (only
# where there are Latin letters or a "/"). Each opens with a character class: a fast scan.
_DIGIT_GATES = (
    re.compile(rf"[0-9{_CN}](?:(?<=[0-9])[0-9]{{2}}|\s*(?:号|幢|栋|座|单元|室|房|楼|层))"),
    re.compile("[区村苑园寓舍城馆院庄零〇]"),
)
_ENGLISH_GATE = re.compile(
    r"\b(?:room|rm|bldg|building|blk|block|no\.|unit|floor|village|community|gardens?"
    r"|apartments|estate)\b|/f\b"
)


def extract_location(text: str) -> Location:
    text = text[:MAX_CHARS]
    triple = None
    if _DIGIT.search(text):
        if not _may_name_a_place(text.lower()) and not has_known_place(text):
            return NO_LOCATION
        cards, phones, _ = identifiers(text)
        text = mask(text, [*cards, *phones])
        # Before dates are blanked: "13-2-1101" would otherwise read as a date "13-2".
        triple = _TRIPLE.search(text) if "-" in text else None
        blanks = [
            m.span()
            for separators, pattern in _NOT_PLACES
            if separators.search(text)
            for m in pattern.finditer(text)
        ]
        if _LATIN.search(lower := text.lower()) and any(m in lower for m in _MONTHS):
            blanks += [m.span() for m in _ENGLISH_DATES.finditer(lower)]
        text = blank(text, blanks)
    elif not place_initials(_MARKER_CHARS).intersection(text) or not (
        _may_name_a_place_in_words(text.lower()) or has_known_place(text)
    ):
        return NO_LOCATION
    lower = text.lower()
    fields: dict[str, str] = {}
    house_starts = _marked(text, fields)
    if triple is not None:
        fields.update(building=triple[1], unit=triple[2], room=triple[3])
    if _LATIN.search(lower):
        fields = english_location(lower) | fields
    room = fields.get("room") or _room_after(lower) or _room_bare(lower)
    return Location(
        community=find_community(text, house_starts),
        building=fields.get("building"),
        unit=fields.get("unit"),
        floor=None if room else fields.get("floor"),  # a floor counts only without a room
        room=room,
    )


def _may_name_a_place_in_words(lower: str) -> bool:
    return any(gate.search(lower) for gate in _GATES)


def _may_name_a_place(lower: str) -> bool:
    if any(gate.search(lower) for gate in _DIGIT_GATES):
        return True
    latin = "/" in lower or _LATIN.search(lower) is not None
    return latin and _ENGLISH_GATE.search(lower) is not None


def _marked(text: str, fields: dict[str, str]) -> list[int]:
    """Fill building/unit/room/floor from "N+marker" phrases; return house-number starts."""
    house_starts: list[int] = []
    if _MARKER.search(text) is None:
        return house_starts
    for match in _MARKED.finditer(text):
        numeral, marker = match.groups()
        value = to_int(numeral)
        if not value:
            continue
        field = _field(text, match, numeral, marker, value)
        if field is None:
            continue
        if marker.startswith("号") and field == "building":
            house_starts.append(match.start())
            if marker == "号":
                # A house number yields to a named building: "XX宿舍38号院2栋" is building 2.
                field = "house"
        digits = to_digits(numeral) if field == "room" else str(value)
        if digits:
            fields.setdefault(field, digits)
    if "house" in fields:
        fields.setdefault("building", fields.pop("house"))
    return house_starts


def _field(text: str, match: re.Match[str], numeral: str, marker: str, value: int) -> str | None:
    before = text[match.start() - 1 : match.start()]
    if marker in ("幢", "栋", "号楼") or (marker == "座" and numeral.isascii()):
        return "building" if value < 1000 else None
    if marker == "单元":
        return "unit" if value < 100 else None
    if marker in ("室", "房", "号房"):
        rest = text[match.end() : match.end() + 1]
        is_room = len(numeral) >= (2 if numeral.isascii() else 3) and rest not in "东租子屋客源"
        return "room" if is_room or marker == "号房" else None
    if marker in ("楼", "层"):
        return "floor" if value < 100 and not (before and before in "负第") else None
    if text[max(0, match.start() - 2) : match.start()] == "天是":
        return None  # "今天是5号"
    if marker == "号" and not (before and before in _HOUSE_NOT_BEFORE) and value < 1000:
        return None if _HOUSE_NOT_AFTER.match(text, match.end()) else "building"
    return None


def _room_after(lower: str) -> str | None:
    after = _ROOM_AFTER.search(lower)
    return to_digits(after.group(1)) if after else None


def _room_bare(lower: str) -> str | None:
    for match in _ROOM_BARE.finditer(lower):
        numeral = match.group(1)
        digits = to_digits(numeral)
        if digits is None or digits in _SERVICE_NUMBERS or not 1 <= int(digits[-2:]) <= 39:
            continue  # room numbers run 01..39 on a floor; "555", "1800" are something else
        if not numeral.isascii() and "零" not in numeral and "〇" not in numeral:
            continue  # a bare run of Chinese digits is a room only when written like one (五〇三)
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            continue  # a year
        return digits
    return None
