"""Chat text to a structured reading: `parse(text, now)` (../shared/spec/parse-contract.md)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot.kinds import Kind
from bot.nlu.classify import classify, find_duration
from bot.nlu.dates import extract_dates
from bot.nlu.location import extract_location
from bot.nlu.normalize import normalize
from bot.nlu.person import extract_person
from bot.nlu.reading import EMPTY, Dates, Location, Person, Reading

__all__ = ["Reading", "parse"]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")


def parse(text: str, now: datetime) -> Reading:
    """Read one message; never raises on content, `now` anchors relative dates."""
    clean = normalize(text)
    if not clean:
        return EMPTY
    verdict = classify(clean)
    return Reading(
        kind=verdict.kind,
        urgent=verdict.urgent,
        location=_guarded(extract_location, Location(), clean),
        person=_guarded(extract_person, Person(), clean),
        dates=_guarded(lambda value: extract_dates(value, now), Dates(), clean),
        confidence=verdict.confidence,
        lang=verdict.lang,
        matched=verdict.matched,
        duration=None if verdict.kind is Kind.NONE else find_duration(clean),
    )


def _guarded(extract: Callable[[str], _T], empty: _T, text: str) -> _T:
    # One field that fails to read must not lose the rest of the message.
    try:
        return extract(text)
    except Exception:
        _log.exception("field extractor %s failed", getattr(extract, "__name__", extract))
        return empty
