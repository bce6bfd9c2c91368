"""Which emergency numbers an urgent report should call first.

119 fire and rescue (fire, smoke, gas, someone trapped, a burst main), 110 police (fights,
threats), 120 ambulance (someone hurt). The words that made the report urgent decide; the
kind is the fallback, and 110 is the number that always answers.
"""

from __future__ import annotations

from bot.kinds import Kind
from bot.lang import every
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
# The words of every language (bot/lang/*/words.toml, [urgent]), most fitting number first.
_CUES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (number, tuple(word.lower() for word in every(f"urgent.{service}")))
    for number, service in ((FIRE, "fire"), (POLICE, "police"), (AMBULANCE, "ambulance"))
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
