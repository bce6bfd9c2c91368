"""The escalation ladder: who answers for an event at each level of the grid.

landlord grid leader → micro-grid worker → grid worker → community staff; the community is
the top and an event escalated that far stays there. The level names are the directory's
role names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Level(StrEnum):
    LANDLORD_GRID_LEADER = "landlord_grid_leader"
    MICRO_GRID_WORKER = "micro_grid_worker"
    GRID_WORKER = "grid_worker"
    COMMUNITY_STAFF = "community_staff"

    @property
    def rank(self) -> int:
        return LADDER.index(self)

    @property
    def is_top(self) -> bool:
        return self is LADDER[-1]

    def next_up(self) -> Level:
        """The level above, or this one at the top."""
        return LADDER[min(self.rank + 1, len(LADDER) - 1)]


LADDER: tuple[Level, ...] = tuple(Level)


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
