"""The escalation ladder as pure decisions: who answers for an event at each level, the
deputy of someone away, and who stands above the assignee.

The people named at each level come from one query (models.crud.ladder.ladder_of); the
levels themselves are models.levels.Level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from models.levels import LADDER, Level

# Person ids by level, levels with nobody named left out, bottom to top.
Named = Mapping[Level, int]


class AwayMark(Protocol):
    @property
    def until(self) -> datetime: ...

    @property
    def deputy_id(self) -> int | None: ...


@dataclass(frozen=True)
class LadderRung:
    """The person at one level (None when the directory names nobody there)."""

    person_key: str | None
    away_until: datetime | None = None
    deputy_key: str | None = None

    def is_away(self, now: datetime) -> bool:
        return self.away_until is not None and now < self.away_until


@dataclass(frozen=True)
class Assignee:
    person_key: str
    level: Level
    standing_in_for: str | None = None  # the away person a deputy replaces


def resolve_assignee(ladder: Sequence[LadderRung], level: Level, now: datetime) -> Assignee:
    """Who gets an event at `level`: the person there, their deputy while they are away.

    A level with nobody, or with an away person and no deputy, passes the event up. When
    nobody at or above `level` is reachable, the highest person named takes it anyway
    (away or not): an event is never left with no one.
    """
    if len(ladder) != len(LADDER):
        raise ValueError(f"a ladder has one rung per level ({len(LADDER)}), got {len(ladder)}")
    fallback: Assignee | None = None
    for rung_level in LADDER[level.rank :]:
        rung = ladder[rung_level.rank]
        if rung.person_key is None:
            continue
        if not rung.is_away(now):
            return Assignee(rung.person_key, rung_level)
        if rung.deputy_key is not None:
            return Assignee(rung.deputy_key, rung_level, standing_in_for=rung.person_key)
        fallback = Assignee(rung.person_key, rung_level)
    if fallback is None:
        raise ValueError(f"nobody is named at or above the level {level}")
    return fallback


def event_ids(named: Named, *, assignee_id: int | None) -> list[int | None]:
    """Person ids per level for one event: the leader's rung is the assignee when there is
    one (a hand-over to the property manager makes them the first to answer)."""
    ids: list[int | None] = [named.get(level) for level in LADDER]
    ids[0] = assignee_id or ids[0]
    return ids


def event_rungs(ids: Sequence[int | None], away: Mapping[int, AwayMark]) -> list[LadderRung]:
    """`event_ids` as rungs, with the away marks in force."""
    rungs = []
    for person_id in ids:
        mark = away.get(person_id) if person_id is not None else None
        rungs.append(
            LadderRung(
                person_key=None if person_id is None else str(person_id),
                away_until=mark.until if mark else None,
                deputy_key=str(mark.deputy_id) if mark and mark.deputy_id else None,
            )
        )
    return rungs


def people_above(named: Named, *, assignee_id: int | None) -> list[int]:
    """Ids on the ladder above the assignee, nearest first; the whole ladder when the
    assignee is not on it (a hand-over to the property manager)."""
    known = list(named.values())
    if assignee_id in known:
        # The last occurrence: one person may hold two levels (a leader who is also a worker).
        cut = len(known) - known[::-1].index(assignee_id)
        return [person_id for person_id in known[cut:] if person_id != assignee_id]
    return known


def on_ladder(named: Named, person_id: int | None) -> bool:
    return person_id is not None and person_id in named.values()
