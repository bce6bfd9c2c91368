"""The event transition table (pure: no database)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from bot.kinds import Kind
from models.event import Event
from models.lifecycle import transition
from models.states import (
    TRANSITIONS,
    CloseReason,
    EventState,
    IllegalTransition,
    check_transition,
)

S = EventState
AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
LEGAL = [(source, target) for source, targets in TRANSITIONS.items() for target in targets]
ILLEGAL = [(s, t) for s in EventState for t in EventState if (s, t) not in LEGAL]


def outcome(event: Event) -> tuple[EventState, CloseReason | None]:
    return event.state, event.close_reason


def reason_for(target: EventState) -> CloseReason | None:
    return CloseReason.FIXED if target is S.CLOSED else None


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_legal_transition_passes(source: EventState, target: EventState) -> None:
    check_transition(source, target, close_reason=reason_for(target))


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transition_raises(source: EventState, target: EventState) -> None:
    with pytest.raises(IllegalTransition) as raised:
        check_transition(source, target, close_reason=reason_for(target))
    assert (raised.value.from_state, raised.value.to_state) == (source, target)


def test_the_closed_loop_path_is_legal() -> None:
    path = [S.NEW, S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESOLVED, S.REOPENED]
    path += [S.ASSIGNED, S.RESOLVED, S.CLOSED]
    for source, target in itertools.pairwise(path):
        check_transition(source, target, close_reason=reason_for(target))


def test_closing_needs_a_reason() -> None:
    with pytest.raises(IllegalTransition, match="close reason"):
        check_transition(S.RESOLVED, S.CLOSED)


def test_only_closing_takes_a_reason() -> None:
    with pytest.raises(IllegalTransition, match="only closing"):
        check_transition(S.ASSIGNED, S.ACKNOWLEDGED, close_reason=CloseReason.FIXED)


def test_nothing_leaves_closed_but_reopening() -> None:
    assert TRANSITIONS[S.CLOSED] == {S.REOPENED}


def test_transition_changes_the_event_and_returns_its_log() -> None:
    event = Event(id=7, number="2026-0001", kind=Kind.LEAK, text="漏水", state=S.RESOLVED)
    log = transition(
        event, S.CLOSED, actor_id=3, at=AT, note="已修好", close_reason=CloseReason.FIXED
    )
    assert outcome(event) == (S.CLOSED, CloseReason.FIXED)
    assert (log.event_id, log.actor_id, log.at, log.note) == (7, 3, AT, "已修好")
    assert (log.from_state, log.to_state, log.action) == (S.RESOLVED, S.CLOSED, "closed")


def test_reopening_clears_the_close_reason() -> None:
    event = Event(id=7, number="2026-0001", kind=Kind.LEAK, text="漏水", state=S.CLOSED)
    event.close_reason = CloseReason.FIXED_UNCONFIRMED
    transition(event, S.REOPENED, actor_id=None, at=AT, action="reporter_says_no")
    assert outcome(event) == (S.REOPENED, None)


def test_an_illegal_transition_leaves_the_event_unchanged() -> None:
    event = Event(id=7, number="2026-0001", kind=Kind.LEAK, text="漏水", state=S.NEW)
    with pytest.raises(IllegalTransition):
        transition(event, S.RESOLVED, actor_id=None, at=AT)
    assert event.state is S.NEW
