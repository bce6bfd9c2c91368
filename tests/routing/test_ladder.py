from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.routing.ladder import Assignee, LadderRung, event_ids, people_above, resolve_assignee
from models.levels import LADDER, Level

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 25, 10, tzinfo=SHANGHAI)
BACK = datetime(2026, 12, 3, tzinfo=SHANGHAI)
LEADER, MICRO, GRID, COMMUNITY = LADDER


def ladder(*rungs: LadderRung) -> list[LadderRung]:
    everyone = [LadderRung("wang"), LadderRung("li"), LadderRung("zhao"), LadderRung("office")]
    return [*rungs, *everyone[len(rungs) :]]


def test_the_ladder_climbs_from_the_landlord_to_the_community_and_stops() -> None:
    assert [level.value for level in LADDER] == [
        "landlord_grid_leader",
        "micro_grid_worker",
        "grid_worker",
        "community_staff",
    ]
    assert [level.next_up() for level in LADDER] == [MICRO, GRID, COMMUNITY, COMMUNITY]
    assert [level.is_top for level in LADDER] == [False, False, False, True]


def test_each_level_has_its_own_person() -> None:
    assert [resolve_assignee(ladder(), level, NOW).person_key for level in Level] == [
        "wang",
        "li",
        "zhao",
        "office",
    ]


def test_an_away_leader_is_skipped_for_the_deputy() -> None:
    rungs = ladder(LadderRung("wang", away_until=BACK, deputy_key="wang_wife"))
    assert resolve_assignee(rungs, LEADER, NOW) == Assignee(
        "wang_wife", LEADER, standing_in_for="wang"
    )


def test_the_leader_is_back_when_the_absence_ends() -> None:
    rungs = ladder(LadderRung("wang", away_until=BACK, deputy_key="wang_wife"))
    assert resolve_assignee(rungs, LEADER, BACK) == Assignee("wang", LEADER)


def test_a_deputy_stands_in_at_a_higher_level_too() -> None:
    rungs = ladder(LadderRung("wang"), LadderRung("li", away_until=BACK, deputy_key="chen"))
    assert resolve_assignee(rungs, MICRO, NOW) == Assignee("chen", MICRO, standing_in_for="li")


def test_away_without_a_deputy_or_nobody_named_passes_it_up() -> None:
    rungs = ladder(LadderRung("wang", away_until=BACK), LadderRung(None))
    assert resolve_assignee(rungs, LEADER, NOW) == Assignee("zhao", GRID)


def test_when_everyone_is_away_the_highest_named_person_still_gets_it() -> None:
    away = [LadderRung(key, away_until=BACK) for key in ("wang", "li", "zhao", "office")]
    assert resolve_assignee(away, LEADER, NOW) == Assignee("office", COMMUNITY)


def test_a_ladder_with_nobody_or_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="nobody is named"):
        resolve_assignee([LadderRung(None)] * 4, LEADER, NOW)
    with pytest.raises(ValueError, match="one rung per level"):
        resolve_assignee([LadderRung("wang")], LEADER, NOW)


def test_people_above_the_assignee_are_those_higher_on_the_ladder() -> None:
    named = {LEADER: 1, MICRO: 2, GRID: 3, COMMUNITY: 4}
    assert people_above(named, assignee_id=2) == [3, 4]
    assert people_above(named, assignee_id=4) == []
    assert people_above(named, assignee_id=99) == [1, 2, 3, 4]  # handed to someone off it


def test_one_person_on_two_levels_is_above_only_from_the_higher_one() -> None:
    named = {LEADER: 1, MICRO: 1, COMMUNITY: 4}  # a leader who is also the micro-grid worker
    assert people_above(named, assignee_id=1) == [4]


def test_an_events_leader_rung_is_its_assignee() -> None:
    named = {LEADER: 1, GRID: 3}
    assert event_ids(named, assignee_id=7) == [7, None, 3, None]
    assert event_ids(named, assignee_id=None) == [1, None, 3, None]


def test_a_stored_rank_means_a_level_clamped_to_the_ladder() -> None:
    assert [Level.of_rank(rank) for rank in (-1, 0, 3, 9)] == [LEADER, LEADER, COMMUNITY, COMMUNITY]
    assert [level.rank for level in LADDER] == [0, 1, 2, 3]
