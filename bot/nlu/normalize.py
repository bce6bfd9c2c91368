"""Clean chat text before matching: width, junk characters, inline pinyin, length."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from functools import cache

# A formal complaint runs to ~500 characters; anything longer is pasted noise, and
# capping keeps a megabyte of text as cheap as a long message.
MAX_CHARS = 4_000

# Scripts a message here is written in; letters and symbols from anything else
# (Myanmar, Javanese, cuneiform, zodiac signs, emoji) are noise inserted mid-word.
_ALLOWED = (
    "\u0020-\u007e"  # ASCII
    "\u00a0-\u024f"  # Latin-1 and Latin Extended (European names)
    "\u0300-\u036f"  # combining accents (Vietnamese names)
    "\u0370-\u03ff\u0400-\u04ff"  # Greek, Cyrillic
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1e00-\u1eff"  # Latin Extended Additional (Vietnamese)
    "\u2010-\u2027\u2030-\u205e"  # general punctuation without invisible marks
    "\u2100-\u218f"  # letterlike symbols, numerals
    "\u2460-\u24ff"  # enclosed numerals
    "\u3000-\u303f"  # CJK punctuation, 〇
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK ideographs
    "\uac00-\ud7af"  # Hangul
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff00-\uffef"  # half- and full-width forms
)
# "漏(lou)水", "租(zu4)客", "绿(lǜ)": Latin letters in brackets right after Chinese.
_ANNOTATION = re.compile(r"(?<=[\u3400-\u9fff])\(([a-zA-Z\u00e0-\u01dc1-5 ]{1,30})\)")
_MAX_ANNOTATED_CHARS = 4
# U+FF01..U+FF5E are ASCII "!".."~" in full width; U+3000 is the ideographic space.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_FULL_WIDTH_OFFSET = 0xFF01 - 0x21
# Whitespace that is not already a single space (a lone " " needs no replacing; \s covers
# U+00A0, U+2028, U+2029 and the other Unicode spaces).
_SPACES = re.compile(r"[^\S ]\s*| \s+")
_JUNK = re.compile(f"[^{_ALLOWED}][^{_ALLOWED}]*")  # a single class first: a fast scan


# Points inside _ALLOWED's ranges that normalising changes: spaces other than " " (U+00A0,
# U+3000), the full-width forms, and "(" (it may open a pinyin annotation).
_CHANGED = ((0x28, 0x28), (0xA0, 0xA0), (0x3000, 0x3000), (0xFF01, 0xFF5E))


def _plain_chars() -> str:
    """The body of a character class of the allowed characters that need no change."""
    ranges = []
    for low, high in zip(_ALLOWED[::3], _ALLOWED[2::3], strict=True):
        start = ord(low)
        for cut_low, cut_high in _CHANGED:
            if start <= cut_low <= ord(high):
                ranges.append((start, cut_low - 1))
                start = cut_high + 1
        ranges.append((start, ord(high)))
    return "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges if low <= high)


# Most chat is already clean: a message without a character that normalising changes
# (and without two spaces in a row) needs only its ends stripped.
_NEEDS_WORK = re.compile(f"[^{_plain_chars()}]")


def normalize(text: str) -> str:
    """NFKC text with junk removed and whitespace collapsed; case is preserved."""
    text = text[:MAX_CHARS]
    plain = _NEEDS_WORK.search(text) is None and "  " not in text
    if plain and (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        return text.strip()
    if not text.isascii():
        text = _to_nfkc(_JUNK.sub("", _SPACES.sub(" ", text)))
        text = _JUNK.sub("", text)
        if "(" in text:
            text = strip_pinyin_annotations(text)
    else:
        text = _JUNK.sub("", _SPACES.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def _to_nfkc(text: str) -> str:
    """NFKC. Most chat needs it only for full-width punctuation and letters ("，", "！",
    "Ａ"), whose NFKC forms are plain ASCII: those are mapped directly, and the full
    normalisation (9 µs on a paragraph) runs only when anything else is left to change."""
    text = _FULL_WIDTH.sub(_half_width, text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _half_width(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char == "\u3000" else chr(ord(char) - _FULL_WIDTH_OFFSET)


def strip_pinyin_annotations(text: str) -> str:
    """Drop bracketed pinyin that spells the characters just before it; keep "(landlord)"."""

    def replace(match: re.Match[str]) -> str:
        spelled = _plain_pinyin(match.group(1))
        start = match.start()
        for count in range(1, min(_MAX_ANNOTATED_CHARS, start) + 1):
            if _spells(text[start - count : start], spelled):
                return ""
        return match.group(0)

    return _ANNOTATION.sub(replace, text)


def _plain_pinyin(annotation: str) -> str:
    decomposed = unicodedata.normalize("NFD", annotation.lower().replace("ü", "v"))
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).replace("v", "u")


def _spells(chars: str, spelled: str) -> bool:
    if not chars:
        return not spelled
    return any(
        spelled.startswith(reading) and _spells(chars[1:], spelled[len(reading) :])
        for reading in _readings(chars[0])
    )


@cache
def _readings(char: str) -> frozenset[str]:
    return frozenset(r.replace("v", "u") for r in _pinyin_lookup()(char))


@cache
def _pinyin_lookup() -> Callable[[str], list[str]]:
    # The phrase dictionary costs 250 ms of import time and single characters need none.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    def lookup(char: str) -> list[str]:
        readings: list[list[str]] = pinyin(char, style=Style.NORMAL, heteronym=True)
        return readings[0] if readings else []

    return lookup
