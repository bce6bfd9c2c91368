"""Chat text to a structured reading: `parse(text, now)` (../shared/spec/parse-contract.md).

The rules read what is exact (places, names, numbers, dates, identity documents) and give
their view of the kind; a model learned from labelled messages (bot/nlu/model.py) decides
whether the message reports something, which kind, and whether it is urgent.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.kinds import INCIDENT_KINDS, REGISTER_KINDS, Kind
from bot.nlu.duration import find_duration
from bot.nlu.features import STRONG_BELIEF
from bot.nlu.model import Decision, default_model
from bot.nlu.observe import Observation, observe
from bot.nlu.reading import EMPTY, Dates, Person, Reading

__all__ = ["Reading", "parse"]

_log = logging.getLogger(__name__)
# A letter of complaint is where the rules are at home (they weigh its lead, skip its
# greeting, count its repeated words) and the training corpus is thin: there a confident
# rules' kind stands.
LETTER_CHARS = 120
OPENS_AS_NOTICE = frozenset({"header", "passed_on"})


def parse(text: str, now: datetime) -> Reading:
    """Read one message; never raises on content, `now` anchors relative dates."""
    seen = observe(text, now)
    if seen is None:
        return EMPTY
    decision = _decide(seen)
    kind = decision.kind
    if seen.verdict.asks and kind in REGISTER_KINDS and _no_details(seen):
        # "请问退租押金多久退?", "外国人入住登记要去派出所吗": asking how, not telling who.
        kind = Kind.NONE
    return Reading(
        kind=kind,
        urgent=seen.verdict.alarm and kind in INCIDENT_KINDS,
        location=seen.location,
        person=seen.person,
        dates=seen.dates,
        confidence=decision.confidence,
        lang=seen.verdict.lang,
        matched=seen.verdict.matched,
        duration=None if kind is Kind.NONE else find_duration(seen.clean),
    )


def _decide(seen: Observation) -> Decision:
    verdict = seen.verdict
    rules = Decision(verdict.kind, verdict.confidence)
    sure = verdict.kind is not Kind.NONE and verdict.confidence >= STRONG_BELIEF
    if sure and len(seen.clean) > LETTER_CHARS:
        return rules
    if verdict.kind is Kind.NONE and OPENS_AS_NOTICE.intersection(verdict.cues):
        # It opens as a staff notice or as something passed on ("【停水通知】", "转发:"):
        # none, exactly, whatever words follow.
        return rules
    try:
        return default_model().decide_coded(*seen.coded_features(), rules, sure)
    except Exception:
        # A broken model file must not lose messages: the rules' own verdict stands in.
        _log.exception("kind model failed; using the rules' verdict")
        return rules


def _no_details(seen: Observation) -> bool:
    return seen.location.is_empty() and seen.person == Person() and seen.dates == Dates()
