"""Checks for single configuration values: each returns the typed value or raises `Invalid`."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from difflib import get_close_matches
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.config.errors import Invalid

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def shown(value: object) -> str:
    """The value as the user wrote it in TOML, with its type when that is the likely mistake."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int):
        return f"{value} (an integer)"
    if isinstance(value, float):
        return f"{value} (a number)"
    if isinstance(value, datetime | date | time):
        return f"{value.isoformat()} (a date or time)"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def text(value: object) -> str:
    if not isinstance(value, str):
        raise Invalid(f"expected a string, got {shown(value)}")
    return value


def non_empty_text(value: object) -> str:
    if not text(value).strip():
        raise Invalid("must not be empty")
    return str(value).strip()


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {shown(value)}")
    return value


def count(value: object, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"expected a whole number from {low} to {high}, got {shown(value)}")
    return value


def choice(value: object, allowed: Collection[str]) -> str:
    options = " or ".join(f'"{option}"' for option in allowed)
    if not isinstance(value, str) or value not in allowed:
        raise Invalid(f"expected {options}, got {shown(value)}")
    return value


def duration(value: object) -> timedelta:
    """'5m', '1h', '1h30m', '2d', '90s' → timedelta (strictly positive)."""
    match = _DURATION.fullmatch(value.strip().lower()) if isinstance(value, str) else None
    if match is None or not any(match.groups()):
        raise Invalid(f'expected a duration like "1h" or "30m", got {shown(value)}')
    days, hours, minutes, seconds = (int(group or 0) for group in match.groups())
    result = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    if not result:
        raise Invalid(f"must be longer than zero, got {shown(value)}")
    return result


def duration_text(span: timedelta) -> str:
    """The inverse of `duration`: timedelta(hours=1, minutes=30) → '1h30m'."""
    seconds = int(span.total_seconds())
    parts = [(seconds // 3600, "h"), (seconds % 3600 // 60, "m"), (seconds % 60, "s")]
    return "".join(f"{amount}{unit}" for amount, unit in parts if amount) or "0s"


def clock_time(value: object) -> time:
    """'07:30' (or a TOML local time) → time of day."""
    if isinstance(value, time) and value.tzinfo is None:
        return value
    match = _CLOCK.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise Invalid(f'expected a time of day like "07:30", got {shown(value)}')
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise Invalid(f"{shown(value)} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


def port(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise Invalid(f"expected a port number from 1 to 65535, got {shown(value)}")
    return value


def host(value: object) -> str:
    name = text(value).strip()
    if not name or any(char.isspace() or char in "/@" for char in name):
        raise Invalid(f'expected a host name or address like "127.0.0.1", got {shown(value)}')
    return name


def endpoint(value: object) -> str:
    """'host:port' of the Wechaty puppet service (no scheme)."""
    raw = text(value).strip()
    name, colon, digits = raw.rpartition(":")
    if not colon or not digits.isdigit() or "://" in raw:
        raise Invalid(f'expected "HOST:PORT" like "127.0.0.1:8788", got {shown(value)}')
    try:
        host(name)
        port(int(digits))
    except Invalid as error:
        raise Invalid(f'expected "HOST:PORT" like "127.0.0.1:8788", got {shown(value)}') from error
    return raw


def timezone(value: object) -> ZoneInfo:
    name = text(value).strip()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        close = get_close_matches(name, available_timezones(), n=1)
        hint = f'did you mean "{close[0]}"?' if close else 'an IANA name like "Asia/Shanghai"'
        raise Invalid(f"{shown(value)} is not a known time zone ({hint})") from None
