"""Reports whose reply says more than their kind: a gas leak, someone collapsed, something
thrown from a height, group renting (群租).

The parser reads the kind and whether a report is urgent; these families (their words in
bot/lang/<code>/words.toml, `[urgent]` and `[report_families]`) decide what the reply adds,
and make sure of the urgency where a life may be at stake, whatever the reading said:

- gas: urgent, a fire hazard, 119 first; the reply gives the gas company's 24-hour line
  (`[emergency] gas_company`) and what to do (no switches, windows open, leave).
- collapse (fainted, cannot be woken, not breathing, fell and cannot get up): urgent,
  120 first; the micro-grid worker is told at once, as for every urgent report.
- falling object (高空抛物): a security report for the grid to look into; when it hit
  someone, urgent, 120 and 110.
- group renting: a fire hazard; the reply says the house will be inspected.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bot.kinds import Kind
from bot.nlu.reading import Reading
from handlers.reports.urgent import (
    AMBULANCE,
    FIRE,
    POLICE,
    cued_numbers,
    cues,
    emergency_numbers,
    says,
)


class Family(StrEnum):
    GAS = "gas"
    COLLAPSE = "collapse"
    FALLING_OBJECT = "falling_object"
    SOMEONE_HIT = "someone_hit"  # a falling object that hit a person
    GROUP_RENTING = "group_renting"


@dataclass(frozen=True, slots=True)
class Handling:
    """What a report is taken as: its kind, urgency, numbers to call and family."""

    kind: Kind
    urgent: bool
    numbers: tuple[str, ...]
    family: Family | None = None


_GAS = cues("urgent.gas")
_COLLAPSE = cues("urgent.collapse")
_HIT = cues("urgent.hit")
_FALLING = cues("report_families.falling_object")
_GROUP_RENTING = cues("report_families.group_renting")
# A collapse in a fire or a fight stays that kind (its words call 119 or 110 too); else
# the person is what matters (the parser reads "楼道里有人倒在地上" as a fire hazard).
_KEEPS_KIND_WHEN_COLLAPSED = frozenset({Kind.FIRE_HAZARD, Kind.SECURITY, Kind.DISPUTE})
# Rubbish thrown down from a window is 高空抛物 all the same: a danger, not litter.
_FALLING_KINDS = frozenset({Kind.SECURITY, Kind.SANITATION})


def handling(reading: Reading, text: str) -> Handling:
    lowered = text.lower()
    if says(lowered, _GAS):
        return _urgent(Kind.FIRE_HAZARD, text, Family.GAS, first=(FIRE,))
    if says(lowered, _COLLAPSE):
        in_fire_or_fight = {FIRE, POLICE} & set(cued_numbers(lowered))
        keep = reading.kind in _KEEPS_KIND_WHEN_COLLAPSED and in_fire_or_fight
        kind = reading.kind if keep else Kind.HARDSHIP
        return _urgent(kind, text, Family.COLLAPSE, first=(AMBULANCE,))
    if reading.kind in _FALLING_KINDS and says(lowered, _FALLING):
        if says(lowered, _HIT):
            return _urgent(Kind.SECURITY, text, Family.SOMEONE_HIT, first=(AMBULANCE, POLICE))
        return _as_read(replace(reading, kind=Kind.SECURITY), text, Family.FALLING_OBJECT)
    if reading.kind is Kind.FIRE_HAZARD and says(lowered, _GROUP_RENTING):
        return _as_read(reading, text, Family.GROUP_RENTING)
    return _as_read(reading, text, None)


def _urgent(kind: Kind, text: str, family: Family, *, first: tuple[str, ...]) -> Handling:
    return Handling(kind, True, emergency_numbers(kind, text, urgent=True, first=first), family)


def _as_read(reading: Reading, text: str, family: Family | None) -> Handling:
    numbers = emergency_numbers(reading.kind, text, urgent=reading.urgent)
    return Handling(reading.kind, reading.urgent, numbers, family)
