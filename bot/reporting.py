"""The closure figures (办结率) as plain values, then as lines for `gridbot report`.

One definition for every reader: `gridbot report` and the console's dashboard summarise
`ReportRow`s with `summarise`; the assessment and the leader's own month ("本月", `month`)
judge each row with the same few functions below (on time, confirmed fixed, handled,
overdue), so "on time" or "confirmed" means one thing wherever it is shown.

Closed as fixed_unconfirmed (the reporter never answered) is reported apart and never
counted as confirmed fixed. Overdue means an open event whose current deadline (to
acknowledge while assigned, else to resolve) has passed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median, quantiles

from models.crud.report_queries import ReportRow
from models.crud.selfchecks import GridCompletion
from models.levels import LADDER, Level
from models.states import CloseReason, EventState

WAITING = (EventState.NEW, EventState.ASSIGNED)
REPEAT_AT_LEAST = 2
REPEATS_SHOWN = 10


@dataclass(frozen=True)
class Summary:
    total: int
    closed_by_reason: dict[CloseReason, int]
    open: int
    median_acknowledge: timedelta | None
    p90_acknowledge: timedelta | None
    acknowledged: int
    median_close: timedelta | None
    p90_close: timedelta | None
    closed_handled: int
    overdue_by_level: dict[str, int]
    repeats: list[tuple[str, int, dict[str, int]]]

    @property
    def closed(self) -> int:
        return sum(self.closed_by_reason.values())


def summarise(rows: Sequence[ReportRow], *, now: datetime) -> Summary:
    reasons = Counter(row.close_reason for row in rows if row.state is EventState.CLOSED)
    to_ack = [row.first_response_at - row.created_at for row in rows if row.first_response_at]
    # Time to close counts events that were handled; a merged duplicate closes at once.
    to_close = [
        row.closed_at - row.created_at
        for row in rows
        if row.closed_at and row.close_reason is not CloseReason.DUPLICATE
    ]
    overdue = Counter(
        Level.of_rank(row.escalation_level).value for row in rows if is_overdue(row, now)
    )
    places: dict[str, Counter[str]] = {}
    for row in rows:
        if row.place[1]:  # without a building there is no location to repeat
            places.setdefault(_place(row.place), Counter())[row.kind.value] += 1
    repeats = sorted(
        ((place, sum(kinds.values()), dict(kinds)) for place, kinds in places.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return Summary(
        total=len(rows),
        closed_by_reason={reason: n for reason, n in reasons.items() if reason is not None},
        open=sum(row.state is not EventState.CLOSED for row in rows),
        median_acknowledge=_median(to_ack),
        p90_acknowledge=p90(to_ack),
        acknowledged=len(to_ack),
        median_close=_median(to_close),
        p90_close=p90(to_close),
        closed_handled=len(to_close),
        overdue_by_level={level.value: overdue[level.value] for level in LADDER},
        repeats=[r for r in repeats if r[1] >= REPEAT_AT_LEAST][:REPEATS_SHOWN],
    )


def _place(parts: tuple[str | None, str | None, str | None, str | None]) -> str:
    community, building, unit, room = parts
    return "".join(
        [community or "", f"{building}幢", f"{unit}单元" if unit else "", f"{room}" if room else ""]
    )


def _median(spans: Sequence[timedelta]) -> timedelta | None:
    if not spans:
        return None
    return timedelta(seconds=median(span.total_seconds() for span in spans))


def p90(spans: Sequence[timedelta]) -> timedelta | None:
    """The 90th percentile, interpolated between the two nearest values (as a spreadsheet's
    PERCENTILE.INC does); one value is its own percentile."""
    if len(spans) < 2:
        return spans[0] if spans else None
    seconds = [span.total_seconds() for span in spans]
    return timedelta(seconds=quantiles(seconds, n=10, method="inclusive")[-1])


def still_open(row: ReportRow) -> bool:
    """Neither resolved nor closed: someone still has to act."""
    return row.state not in (EventState.CLOSED, EventState.RESOLVED)


def is_overdue(row: ReportRow, now: datetime) -> bool:
    if not still_open(row):
        return False
    due = row.acknowledge_due if row.state in WAITING else row.resolve_due
    return due is not None and due < now


def on_time(done_at: datetime | None, due: datetime | None, now: datetime) -> bool | None:
    """Done by the deadline; None while it can still go either way (not done, deadline
    ahead) or when there is no deadline."""
    if due is None:
        return None
    if done_at is not None:
        return done_at <= due
    return False if due < now else None


def acknowledged_on_time(row: ReportRow, now: datetime) -> bool | None:
    """First answered (acknowledged, taken on or resolved) by the acknowledge deadline."""
    return on_time(row.first_response_at, row.acknowledge_due, now)


def handled(row: ReportRow) -> bool:
    """Resolved or closed at least once; a merged duplicate was nobody's work."""
    return row.handled_at is not None and row.close_reason is not CloseReason.DUPLICATE


def closed_on_time(row: ReportRow, now: datetime) -> bool | None:
    """Handled by the resolve deadline (duplicates are not judged)."""
    if row.close_reason is CloseReason.DUPLICATE:
        return None
    return on_time(row.handled_at, row.resolve_due, now)


def confirmed_fixed(row: ReportRow) -> bool | None:
    """Of an event closed as fixed: whether the reporter confirmed it (never mixed with
    fixed_unconfirmed); None for every other event."""
    if row.state is not EventState.CLOSED:
        return None
    if row.close_reason not in (CloseReason.FIXED, CloseReason.FIXED_UNCONFIRMED):
        return None
    return row.close_reason is CloseReason.FIXED


@dataclass(frozen=True, slots=True)
class Month:
    """A leader's month ("本月"): the events of the month that are theirs now."""

    assigned: int
    on_time: int  # acknowledged on time
    resolved: int  # handled: resolved or closed at least once
    confirmed: int  # closed as fixed and confirmed by the reporter
    open: int  # neither resolved nor closed
    overdue: int  # of the open ones, past their current deadline


def month(rows: Sequence[ReportRow], *, now: datetime) -> Month:
    return Month(
        assigned=len(rows),
        on_time=sum(acknowledged_on_time(row, now) is True for row in rows),
        resolved=sum(handled(row) for row in rows),
        confirmed=sum(confirmed_fixed(row) is True for row in rows),
        open=sum(still_open(row) for row in rows),
        overdue=sum(is_overdue(row, now) for row in rows),
    )


def report_lines(summary: Summary, *, title: str) -> list[str]:
    total = summary.total
    lines = [title, f"events reported: {total}"]
    lines.append(
        f"closed: {summary.closed} ({pct_text(summary.closed, total)})  open: {summary.open}"
    )
    for reason in CloseReason:
        count = summary.closed_by_reason.get(reason, 0)
        lines.append(f"  {_REASONS[reason]}: {count} ({pct_text(count, total)})")
    lines.append(
        f"median time to acknowledge: {span_text(summary.median_acknowledge)}"
        f" (over {summary.acknowledged} events)"
    )
    lines.append(f"90th percentile time to acknowledge: {span_text(summary.p90_acknowledge)}")
    lines.append(
        f"median time to close: {span_text(summary.median_close)}"
        f" (over {summary.closed_handled} closed events, duplicates left out)"
    )
    lines.append(f"90th percentile time to close: {span_text(summary.p90_close)}")
    lines.append("overdue open events by level:")
    lines += [f"  {level}: {n}" for level, n in summary.overdue_by_level.items()]
    lines.append(f"repeat locations (>= {REPEAT_AT_LEAST} events):")
    for place, count, kinds in summary.repeats:
        detail = ", ".join(f"{kind} x{n}" for kind, n in sorted(kinds.items()))
        lines.append(f"  {place}: {count} ({detail})")
    if not summary.repeats:
        lines.append("  none")
    return lines


def selfcheck_lines(grids: Sequence[GridCompletion], *, period: str) -> list[str]:
    """The month's safety self-check (出租房安全自查): houses asked and finished, per grid."""
    asked = sum(g.asked for g in grids)
    done = sum(g.completed for g in grids)
    lines = [f"safety self-check {period}: {done}/{asked} completed ({_rate(done, asked)})"]
    for grid in grids:
        lines.append(
            f"  {grid.code} {grid.name}: {grid.completed}/{grid.asked} completed"
            f" ({_rate(grid.completed, grid.asked)}), {grid.hazards} hazards"
        )
    if not grids:
        lines.append("  no checklists sent this month (see [selfcheck] in the config)")
    return lines


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


_REASONS = {
    CloseReason.FIXED: "fixed, confirmed by the reporter",
    CloseReason.FIXED_UNCONFIRMED: "fixed_unconfirmed, the reporter never answered",
    CloseReason.NO_ACTION: "no_action",
    CloseReason.NOT_RESPONSIBLE: "not_responsible",
    CloseReason.DUPLICATE: "duplicate",
    CloseReason.WITHDRAWN: "withdrawn",
}


def pct_text(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def span_text(span: timedelta | None) -> str:
    if span is None:
        return "-"
    minutes = int(span.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    text = f"{minutes // 60}h{minutes % 60:02d}m"
    return f"{days}d {text}" if days else text
