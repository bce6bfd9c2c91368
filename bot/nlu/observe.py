"""Everything the rules read in one message, before the kind is decided."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import TypeVar

from bot.nlu.classify import Verdict, classify
from bot.nlu.dates import extract_dates
from bot.nlu.features import rule_features, text_features, text_of
from bot.nlu.location import extract_location
from bot.nlu.normalize import normalize
from bot.nlu.person import extract_person
from bot.nlu.reading import Dates, Location, Person

_log = logging.getLogger(__name__)
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Observation:
    clean: str  # the normalised message
    verdict: Verdict  # the rules' reading of kind, urgency and cues
    location: Location
    person: Person
    dates: Dates

    def features(self) -> tuple[chain[str], list[str]]:
        """The learned model's input (bot/nlu/features.py): text features, rule features."""
        rules = rule_features(self.verdict, self.location, self.person, self.dates, len(self.clean))
        return text_features(text_of(self.clean.lower())), rules


def observe(text: str, now: datetime) -> Observation | None:
    """The rules' findings in `text`; None when nothing is left after normalising."""
    clean = normalize(text)
    if not clean:
        return None
    return Observation(
        clean,
        classify(clean),
        _guarded(extract_location, Location(), clean),
        _guarded(extract_person, Person(), clean),
        _guarded(lambda value: extract_dates(value, now), Dates(), clean),
    )


def _guarded(extract: Callable[[str], _T], empty: _T, text: str) -> _T:
    # One field that fails to read must not lose the rest of the message.
    try:
        return extract(text)
    except Exception:
        _log.exception("field extractor %s failed", getattr(extract, "__name__", extract))
        return empty
