"""Everything the rules read in one message, before the kind is decided."""

from __future__ import annotations

import logging
from datetime import datetime
from itertools import chain
from typing import NamedTuple

from bot.nlu.classify import Verdict, classify
from bot.nlu.dates import extract_dates
from bot.nlu.features import rule_features, text_codes, text_features, text_of
from bot.nlu.location import extract_location
from bot.nlu.normalize import normalize
from bot.nlu.person import extract_person
from bot.nlu.reading import NO_DATES, NO_LOCATION, NO_PERSON, Dates, Location, Person

_log = logging.getLogger(__name__)


class Observation(NamedTuple):
    clean: str  # the normalised message
    verdict: Verdict  # the rules' reading of kind, urgency and cues
    location: Location
    person: Person
    dates: Dates

    def features(self) -> tuple[chain[str], list[str]]:
        """The learned model's input (bot/nlu/features.py): text features, rule features."""
        return text_features(text_of(self.clean.lower())), self.rule_features()

    def coded_features(self) -> tuple[set[int | str], list[str]]:
        """features() with the distinct text features coded (features.text_codes)."""
        return text_codes(text_of(self.clean.lower())), self.rule_features()

    def rule_features(self) -> list[str]:
        return rule_features(self.verdict, self.location, self.person, self.dates, len(self.clean))


def observe(text: str, now: datetime) -> Observation | None:
    """The rules' findings in `text`; None when nothing is left after normalising."""
    clean = normalize(text)
    if not clean:
        return None
    # One field that fails to read must not lose the rest of the message.
    try:
        location = extract_location(clean)
    except Exception:
        _log.exception("location extractor failed")
        location = NO_LOCATION
    try:
        person = extract_person(clean)
    except Exception:
        _log.exception("person extractor failed")
        person = NO_PERSON
    try:
        dates = extract_dates(clean, now)
    except Exception:
        _log.exception("date extractor failed")
        dates = NO_DATES
    return Observation(clean, classify(clean), location, person, dates)
