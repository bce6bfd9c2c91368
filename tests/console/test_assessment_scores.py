"""Scorecard arithmetic: on-time parts, weights, parts with nothing to count, ranks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config.console_settings import DEFAULT_WEIGHTS
from bot.console.assessment import Part, Scorecard, Tally, ranked, score, tally_row
from bot.console.coverage import Coverage, house_coverage
from bot.kinds import Kind
from bot.reporting import p90
from models.crud.console_places import Unit
from models.crud.report_queries import ReportRow
from models.states import CloseReason, EventState

T = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
H = timedelta(hours=1)


def row(
    *,
    state: EventState = EventState.CLOSED,
    reason: CloseReason | None = CloseReason.FIXED,
    responded: timedelta | None = 0.5 * H,
    handled: timedelta | None = 5 * H,
    reopened: bool = False,
) -> ReportRow:
    return ReportRow(
        kind=Kind.LEAK,
        state=state,
        close_reason=reason,
        created_at=T,
        acknowledge_due=T + H,
        resolve_due=T + 24 * H,
        escalation_level=0,
        place=(None, "3", None, None),
        first_response_at=T + responded if responded is not None else None,
        closed_at=None,
        landlord_grid_id=1,
        handled_at=T + handled if handled is not None else None,
        reopened=reopened,
    )


def test_late_counts_only_once_the_deadline_passed() -> None:
    waiting = row(state=EventState.ASSIGNED, reason=None, responded=None, handled=None)
    early = tally_row(waiting, now=T + 0.5 * H)
    late = tally_row(waiting, now=T + 2 * H)
    assert early.acknowledged_on_time == Part(0, 0) and late.acknowledged_on_time == Part(0, 1)
    assert late.closed_on_time == Part(0, 0)  # the resolve deadline is still ahead
    assert tally_row(row(responded=2 * H), now=T + 99 * H).acknowledged_on_time == Part(0, 1)


def test_confirmed_fixed_is_never_mixed_with_unconfirmed() -> None:
    fixed = tally_row(row(), now=T + 99 * H)
    unconfirmed = tally_row(row(reason=CloseReason.FIXED_UNCONFIRMED), now=T + 99 * H)
    duplicate = tally_row(row(reason=CloseReason.DUPLICATE), now=T + 99 * H)
    assert (fixed + unconfirmed).confirmed_fixed == Part(1, 2)
    assert duplicate.confirmed_fixed == Part(0, 0) and duplicate.closed_on_time == Part(0, 0)
    assert tally_row(row(reopened=True), now=T + 99 * H).not_reopened == Part(0, 1)


def test_the_score_is_the_weighted_mean_of_what_could_be_counted() -> None:
    rates = {
        "acknowledged_on_time": 1.0,
        "closed_on_time": 0.5,
        "confirmed_fixed": None,  # nothing closed as fixed: left out
        "not_reopened": 1.0,
        "register": 0.0,
    }
    # (25*1 + 25*0.5 + 10*1 + 20*0) / (25 + 25 + 10 + 20) = 47.5 / 80
    assert score(rates, DEFAULT_WEIGHTS) == 59.4
    assert score(dict.fromkeys(rates), DEFAULT_WEIGHTS) is None


def test_equal_scores_share_a_rank_and_the_unscored_come_last() -> None:
    def card(code: str, value: float | None, events: int = 1) -> Scorecard:
        return Scorecard("landlord_grid", Unit(0, code, code, None), "c",
                         Tally(events=events), Coverage(0, 0), value)  # fmt: skip

    order = ranked([card("d", None), card("b", 80.0), card("a", 80.0), card("c", 95.5)])
    assert [(c.unit.code, c.rank) for c in order] == [("c", 1), ("a", 2), ("b", 2), ("d", None)]


def test_coverage_counts_only_configured_rooms() -> None:
    assert house_coverage(("101", "201", "301"), {"201", "999"}) == Coverage(3, 1)
    assert Coverage(0, 0).share is None


def test_p90_interpolates_and_one_value_is_its_own() -> None:
    spans = [timedelta(minutes=m) for m in range(1, 11)]  # 1..10 minutes
    assert p90(spans) == timedelta(minutes=9, seconds=6)
    assert p90(spans[:1]) == timedelta(minutes=1) and p90([]) is None
