"""Chinese numerals to integers, for numerals a regex has already captured.

Converting only captured spans avoids cn2an's over-conversion ("一起" is not "1起").
"""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
# Character class for regexes that capture a numeral (Arabic digits included).
NUMERAL_CHARS = "0-9零〇○一二两三四五六七八九十百千"


def to_int(numeral: str) -> int | None:
    """ "十二" -> 12, "二十三" -> 23, "三零一" -> 301, "12" -> 12; None when unreadable."""
    text = numeral.strip()
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    if any(char in UNITS for char in text):
        return _positional(text)
    return _digit_by_digit(text)


def to_digits(numeral: str) -> str | None:
    """The numeral as a string of Arabic digits, keeping leading zeros of digit runs."""
    text = numeral.strip()
    if text.isascii():
        return text if text.isdigit() else None
    if any(char in UNITS for char in text):
        value = _positional(text)
        return None if value is None else str(value)
    digits = [str(DIGITS[char]) if char in DIGITS else char for char in text]
    joined = "".join(digits)
    return joined if joined.isdigit() and joined.isascii() else None


def _digit_by_digit(text: str) -> int | None:
    value = 0
    for char in text:
        if char.isascii() and char.isdigit():
            value = value * 10 + int(char)
        elif char in DIGITS:
            value = value * 10 + DIGITS[char]
        else:
            return None
    return value


def _positional(text: str) -> int | None:
    total = 0
    pending: int | None = None
    for char in text:
        if char in DIGITS:
            pending = DIGITS[char]
        elif char.isascii() and char.isdigit():
            pending = int(char)
        elif char in UNITS:
            total += (1 if pending is None else pending) * UNITS[char]
            pending = None
        else:
            return None
    return total + (pending or 0)
