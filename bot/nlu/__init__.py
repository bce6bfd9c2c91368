"""Chat text to a structured reading: `parse(text, now)` (../shared/spec/parse-contract.md)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot.kinds import REGISTER_KINDS, Kind
from bot.nlu.classify import classify
from bot.nlu.dates import extract_dates
from bot.nlu.duration import find_duration
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
    location = _guarded(extract_location, Location(), clean)
    person = _guarded(extract_person, Person(), clean)
    dates = _guarded(lambda value: extract_dates(value, now), Dates(), clean)
    kind = verdict.kind
    if verdict.asks and kind in REGISTER_KINDS and _no_details(location, person, dates):
        # "请问退租押金多久退?", "外国人入住登记要去派出所吗": asking how, not telling who.
        kind = Kind.NONE
    return Reading(
        kind=kind,
        urgent=verdict.urgent,
        location=location,
        person=person,
        dates=dates,
        confidence=verdict.confidence,
        lang=verdict.lang,
        matched=verdict.matched,
        duration=None if kind is Kind.NONE else find_duration(clean),
    )


def _no_details(location: Location, person: Person, dates: Dates) -> bool:
    return location.is_empty() and person == Person() and dates == Dates()


def _guarded(extract: Callable[[str], _T], empty: _T, text: str) -> _T:
    # One field that fails to read must not lose the rest of the message.
    try:
        return extract(text)
    except Exception:
        _log.exception("field extractor %s failed", getattr(extract, "__name__", extract))
        return empty
