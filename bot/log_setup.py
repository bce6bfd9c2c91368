"""Logging for `gridbot run`: every line passes the personal-number mask, whoever logged it.

The filter sits on the handlers, so it also masks libraries' records (SQL parameters logged
by the database drivers at DEBUG carry message texts).
"""

from __future__ import annotations

import logging

from bot.privacy import MaskingFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: int = logging.INFO, handler: logging.Handler | None = None) -> None:
    """Log to stderr (or to `handler`), each root handler masking personal numbers."""
    root = logging.getLogger()
    if handler is not None:
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    logging.basicConfig(level=level, format=FORMAT)  # does nothing if handlers exist
    root.setLevel(level)
    for each in root.handlers:
        if not any(isinstance(f, MaskingFilter) for f in each.filters):
            each.addFilter(MaskingFilter())
