"""The levels of the escalation ladder, bottom to top; an event stores its level's rank.

landlord grid leader → micro-grid worker → grid worker → community staff: the directory's
role names, which the messages show. The community is the top; an event escalated that far
stays there.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    LANDLORD_GRID_LEADER = "landlord_grid_leader"
    MICRO_GRID_WORKER = "micro_grid_worker"
    GRID_WORKER = "grid_worker"
    COMMUNITY_STAFF = "community_staff"

    @property
    def rank(self) -> int:
        """What `Event.escalation_level` stores: 0 for the leader … 3 for the community."""
        return LADDER.index(self)

    @property
    def is_top(self) -> bool:
        return self is LADDER[-1]

    def next_up(self) -> Level:
        """The level above, or this one at the top."""
        return LADDER[min(self.rank + 1, len(LADDER) - 1)]

    @classmethod
    def of_rank(cls, rank: int) -> Level:
        """The level a stored rank means (out-of-range ranks are clamped to the ladder)."""
        return LADDER[max(0, min(rank, len(LADDER) - 1))]


LADDER: tuple[Level, ...] = tuple(Level)
