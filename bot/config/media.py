"""The `[media]` table: where photos are kept, how big one may be, how soon it must follow."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from bot.config import values
from bot.config.errors import Invalid
from bot.config.section import Section
from bot.config.settings import MediaSettings

MEDIA_KEYS = ("path", "max_size", "window")
_SIZE = re.compile(r"(\d+)\s*(kb|mb)", re.IGNORECASE)
_UNITS = {"kb": 1024, "mb": 1024**2}
MAX_SIZE_RANGE = (64 * 1024, 100 * 1024**2)  # a thumbnail at least; a phone's photo at most
MAX_WINDOW = timedelta(hours=24)


def media_settings(section: Section) -> MediaSettings:
    default = MediaSettings()
    return MediaSettings(
        path=Path(section.optional("path", values.non_empty_text, str(default.path))),
        max_size=section.optional("max_size", _size, default.max_size),
        window=section.optional("window", _window, default.window),
    )


def _size(value: object) -> int:
    match = _SIZE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise Invalid(f'expected a size like "10MB" or "512KB", got {values.shown(value)}')
    size = int(match[1]) * _UNITS[match[2].lower()]
    low, high = MAX_SIZE_RANGE
    if not low <= size <= high:
        raise Invalid(f"between 64KB and 100MB, got {values.shown(value)}")
    return size


def _window(value: object) -> timedelta:
    span = values.duration(value)
    if span > MAX_WINDOW:
        raise Invalid(f"at most 24h, got {values.shown(value)}")
    return span
