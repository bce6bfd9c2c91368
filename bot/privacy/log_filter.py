"""A logging filter that masks personal numbers in every record it passes.

Attach it to handlers, not loggers: a handler's filters see the records of every logger
that propagates to it, a logger's filters only that logger's own records.
"""

from __future__ import annotations

import logging

from bot.privacy.masks import mask_text

_FORMATTER = logging.Formatter()


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A bad format string must not lose the record, nor raise in the caller.
            message = f"{record.msg} [arguments that did not fit: {record.args!r}]"
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
