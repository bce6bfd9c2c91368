"""The tables for running the bot: `[journal]`, `[logging]` and `[retention]`."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from bot.config import values
from bot.config.errors import Invalid
from bot.config.section import Section
from bot.config.settings import JournalSettings, LoggingSettings, RetentionSettings

JOURNAL_KEYS = ("path", "size", "hold_after")
LOGGING_KEYS = ("format", "level")
RETENTION_KEYS = ("inbound_log",)
LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_SIZE = re.compile(r"(\d+)\s*(kb|mb|gb)", re.IGNORECASE)
_UNITS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3}
MIN_JOURNAL = 1024**2  # 1 MB: a few thousand messages
MIN_RETENTION = timedelta(days=1)  # the log's unique key catches redeliveries for this long


def journal_settings(section: Section) -> JournalSettings:
    default = JournalSettings()
    return JournalSettings(
        path=section.optional("path", _path, default.path),
        size=section.optional("size", _journal_size, default.size),
        hold_after=section.optional("hold_after", values.duration, default.hold_after),
    )


def logging_settings(section: Section) -> LoggingSettings:
    default = LoggingSettings()
    return LoggingSettings(
        format=section.optional("format", lambda v: values.choice(v, LOG_FORMATS), default.format),
        level=section.optional("level", _level, default.level),
    )


def retention_settings(section: Section) -> RetentionSettings:
    default = RetentionSettings()
    return RetentionSettings(
        inbound_log=section.optional("inbound_log", _retention, default.inbound_log),
    )


def size_text(size: int) -> str:
    for unit in ("gb", "mb", "kb"):
        if size % _UNITS[unit] == 0:
            return f"{size // _UNITS[unit]}{unit.upper()}"
    return f"{size} bytes"


def _path(value: object) -> Path:
    return Path(values.non_empty_text(value))


def _journal_size(value: object) -> int:
    match = _SIZE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise Invalid(f'expected a size like "64MB" or "512KB", got {values.shown(value)}')
    size = int(match[1]) * _UNITS[match[2].lower()]
    if size < MIN_JOURNAL:
        raise Invalid(f"at least 1MB, got {values.shown(value)}")
    return size


def _level(value: object) -> str:
    return values.choice(values.text(value).upper(), LOG_LEVELS)


def _retention(value: object) -> timedelta:
    span = values.duration(value)
    if span < MIN_RETENTION:
        raise Invalid(
            f"at least 1d (redeliveries are recognised by the log), got {values.shown(value)}"
        )
    return span
