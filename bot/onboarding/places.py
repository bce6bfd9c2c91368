"""Forgiving matching of "清水湾3号楼" / "Qingshui 3" / "qs-3" against the landlord grids.

The text is split into building numbers and the rest. Numbers narrow to grids with that
building; the rest must name the grid, its community (name or alias) or its code. An exact
code or name wins outright. Several survivors are an ambiguity the caller offers as a
numbered choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.crud.place_candidates import PlaceCandidate

_NUMBER = re.compile(r"\d+")
# Words that only say "building/number/house"; they carry no name.
_FILLER = re.compile(r"(幢|栋|号楼|号|楼|building|bldg|no\.?|house|#|社区|community)", re.I)
_SPACE = re.compile(r"[\s,，、·\-_]+")


def _squash(text: str) -> str:
    return _SPACE.sub("", text).lower()


def _words(text: str) -> str:
    """The name part: digits and filler words removed, spaces squashed."""
    return _squash(_FILLER.sub(" ", _NUMBER.sub(" ", text)))


def _names(candidate: PlaceCandidate) -> list[str]:
    names = [candidate.community, *candidate.aliases, candidate.name, candidate.code]
    return [word for word in (_words(n) for n in names) if word]


def _named(rest: str, candidate: PlaceCandidate) -> bool:
    return any(rest in name or name in rest for name in _names(candidate))


def match_places(text: str, candidates: Iterable[PlaceCandidate]) -> list[PlaceCandidate]:
    """The candidates `text` may mean, best first; [] when none."""
    pool = list(candidates)
    squashed = _squash(text)
    exact = [c for c in pool if squashed in (_squash(c.code), _squash(c.name))]
    if exact:
        return exact
    numbers = [n.lstrip("0") or "0" for n in _NUMBER.findall(text)]
    rest = _words(text)
    found: Sequence[PlaceCandidate] = pool
    if numbers:
        found = [c for c in found if any(n in c.buildings for n in numbers)]
    if rest:
        found = [c for c in found if _named(rest, c)]
    elif not numbers:
        return []
    return sorted(found, key=lambda c: (c.community, _building_order(c), c.code))


def _building_order(candidate: PlaceCandidate) -> int:
    first = candidate.buildings[0] if candidate.buildings else ""
    return int(first) if first.isdigit() else 0


@dataclass(frozen=True, slots=True)
class PlaceExample:
    """How to name one of the deployment's own houses in "绑定 …" / "bind …"."""

    name: str  # the house's name ("清水湾3号楼")
    latin: str  # in Latin letters where its community has such an alias ("Qingshui 3")


def example_place(
    candidates: Sequence[PlaceCandidate], topic: str | None = None
) -> PlaceExample | None:
    """A house of this deployment to show in a binding example: the one the group's topic
    names when it names exactly one, else the first; None when no house is known."""
    named = match_places(topic, candidates) if topic else []
    chosen = named[0] if len(named) == 1 else (candidates[0] if candidates else None)
    if chosen is None:
        return None
    latin = chosen.name
    building = chosen.buildings[0] if chosen.buildings else ""
    for alias in chosen.aliases:
        written = f"{alias} {building}".strip()
        if alias.isascii() and match_places(written, candidates) == [chosen]:
            latin = written
            break
    return PlaceExample(chosen.name, latin)
