from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.followup.policy import PolicySpec, WorkingTime, initial_deadlines, next_step
from bot.followup.quiet import QuietHours
from bot.followup.snapshot import EventSnapshot, EventState
from bot.followup.steps import (
    AskConfirmation,
    AutoClose,
    Done,
    Escalate,
    Remind,
    Stage,
    Step,
    Wait,
)
from bot.followup.transitions import acknowledged, after_step, confirmed_fixed, reopened, resolved
from models.levels import LADDER, Level

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = QuietHours(SHANGHAI)
NEVER_QUIET = QuietHours(SHANGHAI, start=time(0), end=time(0))
WORKING = WorkingTime(SHANGHAI)
LEADER, MICRO, GRID, COMMUNITY = LADDER
ACK, RESOLVE = Stage.ACKNOWLEDGE, Stage.RESOLVE

LEAK = PolicySpec(
    acknowledge=timedelta(hours=1),
    resolve=timedelta(hours=24),
    reminder_interval=timedelta(hours=2),
    escalate_after=2,
)
FIRE = PolicySpec(
    acknowledge=timedelta(minutes=5),
    resolve=timedelta(hours=4),
    reminder_interval=timedelta(minutes=5),
    escalate_after=1,
    urgent=True,
)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def created(at: datetime, policy: PolicySpec = LEAK) -> EventSnapshot:
    due = initial_deadlines(at, policy, WORKING)
    return EventSnapshot(
        state=EventState.ASSIGNED,
        created_at=at,
        acknowledge_due=due.acknowledge,
        resolve_due=due.resolve,
        last_action_at=at,
    )


def run(
    event: EventSnapshot,
    now: datetime,
    policy: PolicySpec,
    quiet: QuietHours,
    *,
    until: datetime,
    working: WorkingTime | None = None,
) -> tuple[list[tuple[datetime, Step]], EventSnapshot]:
    """Every action taken from `now` to `until`, with when, and the event afterwards."""
    taken: list[tuple[datetime, Step]] = []
    while now <= until:
        step = next_step(event, now, policy, quiet, working)
        if isinstance(step, Done):
            break
        if isinstance(step, Wait):
            assert step.until > now, "a wait must move time forward"
            now = step.until
            continue
        taken.append((now, step))
        event = after_step(event, step, now)
    return taken, event


def test_before_the_deadline_the_event_waits_for_it() -> None:
    event = created(local(2026, 11, 25, 9))
    assert next_step(event, local(2026, 11, 25, 9, 1), LEAK, NIGHT) == Wait(local(2026, 11, 25, 10))


def test_a_missed_deadline_reminds_then_escalates_through_every_level() -> None:
    start = local(2026, 11, 25, 9)
    taken, event = run(created(start), start, LEAK, NEVER_QUIET, until=local(2026, 11, 26, 7))
    hour = [(moment - start) / timedelta(hours=1) for moment, _ in taken]
    assert hour == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21]
    assert [step for _, step in taken] == [
        Remind(LEADER, ACK),
        Remind(LEADER, ACK),
        Escalate(MICRO, ACK),
        Remind(MICRO, ACK),
        Remind(MICRO, ACK),
        Escalate(GRID, ACK),
        Remind(GRID, ACK),
        Remind(GRID, ACK),
        Escalate(COMMUNITY, ACK),
        Remind(COMMUNITY, ACK),
        Remind(COMMUNITY, ACK),  # the top: reminders go on, no level above
    ]
    assert event.escalation_level is COMMUNITY


def test_non_urgent_reminders_wait_for_the_end_of_quiet_hours() -> None:
    start = local(2026, 11, 25, 21, 30)
    event = created(start)
    assert next_step(event, start, LEAK, NIGHT) == Wait(local(2026, 11, 26, 7, 30))
    taken, _ = run(event, start, LEAK, NIGHT, until=local(2026, 11, 26, 12))
    assert [moment for moment, _ in taken] == [
        local(2026, 11, 26, 7, 30),
        local(2026, 11, 26, 9, 30),
        local(2026, 11, 26, 11, 30),
    ]


def test_urgent_events_repeat_in_quiet_hours_until_acknowledged() -> None:
    start = local(2026, 11, 25, 23)
    taken, event = run(created(start, FIRE), start, FIRE, NIGHT, until=local(2026, 11, 25, 23, 40))
    assert [(moment.minute, step) for moment, step in taken] == [
        (5, Remind(LEADER, ACK)),
        (10, Escalate(MICRO, ACK)),
        (15, Remind(MICRO, ACK)),
        (20, Escalate(GRID, ACK)),
        (25, Remind(GRID, ACK)),
        (30, Escalate(COMMUNITY, ACK)),
        (35, Remind(COMMUNITY, ACK)),
        (40, Remind(COMMUNITY, ACK)),
    ]
    # Once someone has it, the resolve reminders are no longer urgent: they wait for morning.
    event = acknowledged(event, local(2026, 11, 25, 23, 42))
    assert event.resolve_due == local(2026, 11, 26, 3)
    assert next_step(event, local(2026, 11, 25, 23, 43), FIRE, NIGHT) == Wait(
        local(2026, 11, 26, 7, 30)
    )
    assert next_step(event, local(2026, 11, 26, 7, 30), FIRE, NIGHT) == Remind(COMMUNITY, RESOLVE)


def test_urgent_deadlines_count_elapsed_time_even_when_working_time_is_asked() -> None:
    urgent = replace(FIRE, working_time=True)
    saturday = local(2026, 11, 28, 10)
    assert initial_deadlines(saturday, urgent, WORKING).acknowledge == local(2026, 11, 28, 10, 5)


def test_working_time_deadlines_skip_the_national_day_week() -> None:
    policy = replace(LEAK, working_time=True)
    due = initial_deadlines(local(2026, 9, 30, 20), policy, WORKING)
    assert due.acknowledge == local(2026, 9, 30, 21)
    assert due.resolve == local(2026, 10, 8, 20)


def test_working_time_reminder_intervals_skip_the_weekend_and_the_night() -> None:
    policy = replace(LEAK, reminder_interval=timedelta(hours=8), working_time=True)
    friday = local(2026, 11, 27, 16)
    event = after_step(created(friday, policy), Remind(LEADER, ACK), local(2026, 11, 27, 17))
    # 5 hours left on Friday before the quiet hours (22:00), the weekend skipped, 3 more
    # hours from the end of the quiet hours on Monday (07:30).
    assert next_step(event, local(2026, 11, 27, 17), policy, NIGHT) == Wait(
        local(2026, 11, 30, 10, 30)
    )


def test_escalate_after_zero_climbs_at_the_missed_deadline() -> None:
    policy = replace(LEAK, escalate_after=0)
    event = created(local(2026, 11, 25, 9))
    assert next_step(event, local(2026, 11, 25, 10), policy, NIGHT) == Escalate(MICRO, ACK)


def test_acknowledged_events_wait_for_the_resolve_deadline() -> None:
    event = acknowledged(created(local(2026, 11, 25, 9)), local(2026, 11, 25, 9, 20))
    assert next_step(event, local(2026, 11, 25, 9, 21), LEAK, NIGHT) == Wait(local(2026, 11, 26, 9))
    assert next_step(event, local(2026, 11, 26, 9), LEAK, NIGHT) == Remind(LEADER, RESOLVE)


def test_a_late_acknowledgement_gets_one_interval_before_the_resolve_reminder() -> None:
    event = acknowledged(created(local(2026, 11, 25, 9)), local(2026, 11, 26, 10))
    assert next_step(event, local(2026, 11, 26, 10), LEAK, NIGHT) == Wait(local(2026, 11, 26, 12))


def test_resolved_asks_the_reporter_then_closes_unconfirmed_after_48_hours() -> None:
    start = local(2026, 11, 25, 9)
    event = resolved(acknowledged(created(start), start), local(2026, 11, 25, 10))
    taken, event = run(event, local(2026, 11, 25, 10), LEAK, NIGHT, until=local(2026, 12, 1))
    assert taken == [
        (local(2026, 11, 25, 10), AskConfirmation()),
        (local(2026, 11, 27, 10), AutoClose()),
    ]
    assert taken[-1][1] == AutoClose(reason="fixed_unconfirmed")
    assert event.state is EventState.CLOSED
    assert next_step(event, local(2026, 12, 1), LEAK, NIGHT) == Done()


def test_the_confirmation_window_is_configurable() -> None:
    event = resolved(created(local(2026, 11, 25, 9)), local(2026, 11, 25, 10))
    event = after_step(event, AskConfirmation(), local(2026, 11, 25, 10))
    six_hours = replace(LEAK, confirm_within=timedelta(hours=6))
    assert next_step(event, local(2026, 11, 25, 10), six_hours, NIGHT) == Wait(
        local(2026, 11, 25, 16)
    )
    # Twelve hours end at 22:00: the closing line waits for the morning.
    twelve_hours = replace(LEAK, confirm_within=timedelta(hours=12))
    assert next_step(event, local(2026, 11, 25, 10), twelve_hours, NIGHT) == Wait(
        local(2026, 11, 26, 7, 30)
    )


def test_a_late_resolution_asks_the_reporter_in_the_morning() -> None:
    event = resolved(created(local(2026, 11, 25, 9)), local(2026, 11, 25, 22, 30))
    assert next_step(event, local(2026, 11, 25, 22, 30), LEAK, NIGHT) == Wait(
        local(2026, 11, 26, 7, 30)
    )


def test_the_reporter_saying_no_reopens_with_a_fresh_deadline() -> None:
    event = resolved(created(local(2026, 11, 25, 9)), local(2026, 11, 25, 10))
    event = after_step(event, AskConfirmation(), local(2026, 11, 25, 10))
    no = local(2026, 11, 25, 11)
    again = reopened(event, no, resolve_due=initial_deadlines(no, LEAK, WORKING).resolve)
    assert again.state is EventState.ACKNOWLEDGED
    assert again.confirmation_asked_at is None
    assert next_step(again, no, LEAK, NIGHT) == Wait(local(2026, 11, 26, 11))


def test_the_reporter_saying_yes_closes_it() -> None:
    event = resolved(created(local(2026, 11, 25, 9)), local(2026, 11, 25, 10))
    closed = confirmed_fixed(event, local(2026, 11, 25, 11))
    assert next_step(closed, local(2026, 11, 25, 11), LEAK, NIGHT) == Done()


def test_transitions_refuse_the_wrong_state() -> None:
    event = created(local(2026, 11, 25, 9))
    with pytest.raises(ValueError, match="cannot reopen an event that is assigned"):
        reopened(event, local(2026, 11, 25, 10), resolve_due=local(2026, 11, 26, 10))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"acknowledge": timedelta(0)}, "acknowledge must be positive"),
        ({"reminder_interval": timedelta(minutes=-5)}, "reminder_interval must be positive"),
        ({"escalate_after": -1}, "escalate_after cannot be negative"),
    ],
)
def test_a_bad_policy_is_refused_clearly(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(LEAK, **change)  # type: ignore[arg-type]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="created_at must be timezone-aware"):
        replace(created(local(2026, 11, 25, 9)), created_at=datetime(2026, 11, 25, 9))
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        next_step(created(local(2026, 11, 25, 9)), datetime(2026, 11, 25, 9), LEAK, NIGHT)


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 1), timezones=st.just(UTC)
)
snapshots = st.builds(
    lambda at, state, level, sent, policy: replace(
        created(at, policy),
        state=state,
        escalation_level=level,
        reminders_sent=sent,
        resolved_at=at + timedelta(hours=2),
    ),
    moments,
    st.sampled_from(EventState),
    st.sampled_from(Level),
    st.integers(0, 5),
    st.sampled_from([LEAK, FIRE, replace(LEAK, working_time=True)]),
)


@settings(deadline=None)
@given(snapshots, moments, st.sampled_from([LEAK, FIRE, replace(LEAK, working_time=True)]))
def test_steps_move_forward_and_keep_quiet_hours(
    event: EventSnapshot, now: datetime, policy: PolicySpec
) -> None:
    step = next_step(event, now, policy, NIGHT)
    if isinstance(step, Wait):
        assert step.until > now
        assert not isinstance(next_step(event, step.until, policy, NIGHT), Wait)
    elif not isinstance(step, Done):
        urgent_call = policy.urgent and event.state is EventState.ASSIGNED
        assert urgent_call or not NIGHT.contains(now)
