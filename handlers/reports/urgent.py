"""Which emergency numbers an urgent report should call first.

119 fire and rescue (fire, smoke, gas, someone trapped, a burst main), 110 police (fights,
threats), 120 ambulance (someone hurt, collapsed or not breathing). The words that made the
report urgent decide; the kind is the fallback, and 110 is the number that always answers.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.kinds import Kind
from bot.lang import every

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


def cues(*keys: str) -> tuple[str, ...]:
    """The lowered words of `[urgent]`/`[report_families]` keys, in every language."""
    return tuple(word.lower() for key in keys for word in every(key))


def says(lowered: str, words: Iterable[str]) -> bool:
    return any(word in lowered for word in words)


# The words of every language (bot/lang/*/words.toml, [urgent]), most fitting number first.
_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (FIRE, cues("urgent.fire")),
    (POLICE, cues("urgent.police")),
    (AMBULANCE, cues("urgent.ambulance", "urgent.collapse", "urgent.hit")),
)


def cued_numbers(lowered: str) -> list[str]:
    """The numbers the words of a (lowered) text call for, most fitting first."""
    return [number for number, words in _CUES if says(lowered, words)]


def emergency_numbers(
    kind: Kind, text: str, *, urgent: bool, first: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The numbers to call, `first` and then the most fitting; empty for a report that is
    not urgent."""
    if not urgent:
        return ()
    found = cued_numbers(text.lower())
    if not found and not first:
        found = [_BY_KIND.get(kind, POLICE)]
    return tuple(dict.fromkeys([*first, *found]))
