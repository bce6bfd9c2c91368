"""Logging for `gridbot run`: every line passes the personal-number mask, whoever logged it.

The filter sits on the handlers, so it also masks libraries' records (SQL parameters logged
by the database drivers at DEBUG carry message texts). `[logging] format = "json"` writes
one JSON object per line (time, level, logger, message, and the traceback when there is
one) for a log collector; the mask applies to it the same way.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter

from bot.privacy import MaskingFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = ("asctime", "levelname", "name", "message")
JSON_NAMES = {"asctime": "time", "levelname": "level", "name": "logger"}


def formatter(style: str = "text") -> logging.Formatter:
    if style == "json":
        return JsonFormatter(
            list(JSON_FIELDS),
            rename_fields=JSON_NAMES,
            json_ensure_ascii=False,  # Chinese stays readable
            datefmt="%Y-%m-%dT%H:%M:%S%z",
        )
    return logging.Formatter(FORMAT)


def configure_logging(
    level: int | str = logging.INFO,
    handler: logging.Handler | None = None,
    *,
    style: str = "text",
) -> None:
    """Log to stderr (or to `handler`) as text or JSON lines, each root handler masking
    personal numbers."""
    root = logging.getLogger()
    if handler is None and not root.handlers:
        handler = logging.StreamHandler()  # stderr
    if handler is not None:
        handler.setFormatter(formatter(style))
        root.addHandler(handler)
    root.setLevel(level)
    for each in root.handlers:
        if not any(isinstance(f, MaskingFilter) for f in each.filters):
            each.addFilter(MaskingFilter())
