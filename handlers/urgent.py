"""Which emergency numbers an urgent report should call first.

119 fire and rescue (fire, smoke, gas, someone trapped, a burst main), 110 police (fights,
threats), 120 ambulance (someone hurt). The words that made the report urgent decide; the
kind is the fallback, and 110 is the number that always answers.
"""

from __future__ import annotations

from bot.kinds import Kind
from bot.nlu.reading import Reading

FIRE, POLICE, AMBULANCE = "119", "110", "120"

_BY_KIND: dict[Kind, str] = {
    Kind.FIRE_HAZARD: FIRE,
    Kind.LEAK: FIRE,
    Kind.DRAIN: FIRE,
    Kind.REPAIR: FIRE,
    Kind.DISPUTE: POLICE,
    Kind.SECURITY: POLICE,
    Kind.NOISE: POLICE,
    Kind.HARDSHIP: AMBULANCE,
}
_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (FIRE, ("火", "烟", "煤气", "燃气", "天然气", "液化气", "漏气", "被困", "困在", "困了")),
    (FIRE, ("fire", "smoke", "gas", "trapped", "stuck", "sparks")),
    (POLICE, ("打架", "打起来", "动手", "持刀", "fight", "knife")),
    (AMBULANCE, ("流血", "受伤", "晕倒", "昏倒", "晕过去", "昏迷", "不省人事", "救命")),
    (AMBULANCE, ("bleeding", "injured", "unconscious", "fainted", "passed out")),
    (AMBULANCE, ("120",)),
)


def emergency_numbers(reading: Reading, text: str) -> tuple[str, ...]:
    """The numbers to call, most fitting first; empty for a report that is not urgent."""
    if not reading.urgent:
        return ()
    lowered = text.lower()
    found = [number for number, cues in _CUES if any(cue in lowered for cue in cues)]
    if not found:
        found = [_BY_KIND.get(reading.kind, POLICE)]
    return tuple(dict.fromkeys(found))
