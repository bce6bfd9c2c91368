"""Masking ID, passport and mobile numbers in anything that leaves the bot.

`mask_text` finds the numbers in free text; what counts as one:
- an ID number: any run of 15 or more digits, the last may be X (both ID generations,
  mistyped IDs, bank cards: too long to be a date, a room or an amount), also written
  6-8-4 with spaces or dashes;
- a mainland mobile: 1[3-9] and 9 digits, as 3-4-4 with spaces or dashes, with or
  without +86 / 0086 / 86; digits stuck on either side are masked with it (a phone
  written against a room number: "30113812345678", "1381234567810幢"), and so is a
  13-digit millisecond timestamp: privacy comes first;
- a passport: one or two capital letters and 7 or more digits anywhere (E12345678,
  AA1234567), and 6 or more letters and digits, a digit among the first four, right
  after a passport word (护照, passport, 旅行证件; "号码", "No.", ":" and the like between).
Full-width digits, letters, plus and hyphen (common from Chinese input methods) count as
their ASCII forms. Not personal, never masked: WeChat group ids, digits followed by
"@chatroom" ("18833201475@chatroom"), which are identifiers staff and logs must show whole.
"""

from __future__ import annotations

import re
import unicodedata

_SEP = r"[ \-\u3000]"
_ID = rf"(?<!\d)(?:\d{{6}}{_SEP}\d{{8}}{_SEP}\d{{3}}[\dXx](?!\d)|\d{{14}}(?:\d*[Xx]|\d+(?!\d)))"
_PHONE = rf"(?<!\d)(?:(?:\+|00)?86{_SEP}?|\d+)?1[3-9]\d(?:{_SEP}?\d{{4}}){{2}}\d*"
_PASSPORT_WORD = r"(?i:passport|travel\s+document|护照|旅行证件)"
_GAP = r"(?i:\s|\u3000|[:：#=,，]|no\.?|number|num|is|号码|号|码|是|为){0,8}"
_PASSPORT_IN_CONTEXT = rf"{_PASSPORT_WORD}{_GAP}(?P<token>(?=[A-Za-z]{{0,3}}\d)[A-Za-z0-9]{{6,}})"
_PASSPORT_SHAPE = r"(?<![A-Za-z0-9])[A-Z]{1,2}\d{7,}"
_ROOM_ID = r"\d+@(?:im\.)?chatroom(?![A-Za-z0-9])"
_NUMBERS = re.compile(
    rf"(?!{_ROOM_ID})(?:(?P<id>{_ID})|(?P<phone>{_PHONE})"
    rf"|(?P<context>{_PASSPORT_IN_CONTEXT})(?![A-Za-z0-9])"
    rf"|(?P<passport>{_PASSPORT_SHAPE})(?![A-Za-z0-9]))",
    re.ASCII,
)
# One character for one, so that a match in the folded text has the same span in the original.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SEPARATORS = re.compile(r"[\s\-－().（）]")
_MOBILE_WITH_COUNTRY = re.compile(r"(?:\+|00)?86(1[3-9]\d{9})")


def normalise_number(value: str) -> str:
    """One spelling per number: half-width, no separators, capital X, no +86 on mobiles."""
    plain = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()
    mobile = _MOBILE_WITH_COUNTRY.fullmatch(plain)
    return mobile.group(1) if mobile else plain


def mask_id(number: str) -> str:
    """3301**********1234: the first and last four characters stay."""
    return _keep(normalise_number(number), 4, 4, usual_length=18)


def mask_passport(number: str) -> str:
    """AA****567: the first two and last three characters stay."""
    return _keep(normalise_number(number), 2, 3, usual_length=9)


def mask_phone(number: str) -> str:
    """138****5678: the first three and last four digits stay."""
    return _keep(normalise_number(number), 3, 4, usual_length=11)


def mask_text(text: str) -> str:
    pieces: list[str] = []
    done = 0
    for match in _NUMBERS.finditer(text.translate(_FOLD)):
        pieces += [text[done : match.start()], _masked(match, text)]
        done = match.end()
    return "".join([*pieces, text[done:]])


def scan_for_unmasked(text: str) -> list[str]:
    """The personal numbers `mask_text` would mask: empty for properly masked text."""
    found = _NUMBERS.finditer(text.translate(_FOLD))
    return [text[slice(*match.span("token"))] or text[slice(*match.span())] for match in found]


def has_identity_number(text: str) -> bool:
    """Whether `text` holds an ID or passport number in clear (a mobile is not counted)."""
    return any(not m.group("phone") for m in _NUMBERS.finditer(text.translate(_FOLD)))


def _masked(match: re.Match[str], text: str) -> str:
    found = text[match.start() : match.end()]
    if match.group("id"):
        return mask_id(found)
    if match.group("phone"):
        return mask_phone(found)
    if match.group("passport"):
        return mask_passport(found)
    token_start = match.start("token") - match.start()
    return found[:token_start] + mask_passport(found[token_start:])


def _keep(value: str, head: int, tail: int, *, usual_length: int) -> str:
    # Longer than usual, the end may be another number stuck on (a phone after an ID):
    # showing it could give that number away.
    if len(value) > usual_length:
        tail = 0
    # Fewer than four hidden characters would hide nothing worth hiding.
    if len(value) - head - tail < 4:
        head = tail = max(len(value) - 4, 0) // 2
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]
