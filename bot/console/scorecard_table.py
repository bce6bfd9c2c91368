"""The assessment as a table: one column list for the page, `gridbot assess`, CSV and XLSX,
so every reader shows the same figures in the same order."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.console.assessment import Assessment, Part, Scorecard

CellValue = str | int | float | None


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # its heading in the console's words: "col_" + key
    value: Callable[[Scorecard], CellValue]
    kind: str = "text"  # text | count | ratio (done/base) | share (0-1) | score (0-100)


def _ratio(part: Part) -> str:
    return f"{part.done}/{part.base}"


COLUMNS: tuple[Column, ...] = (
    Column("rank", lambda c: c.rank, "count"),
    Column("code", lambda c: c.unit.code),
    Column("name", lambda c: c.unit.name),
    Column("person", lambda c: c.unit.person or ""),
    Column("community", lambda c: c.community),
    Column("events", lambda c: c.tally.events, "count"),
    Column("ack", lambda c: _ratio(c.tally.acknowledged_on_time), "ratio"),
    Column("ack_rate", lambda c: c.tally.acknowledged_on_time.rate, "share"),
    Column("closed", lambda c: _ratio(c.tally.closed_on_time), "ratio"),
    Column("closed_rate", lambda c: c.tally.closed_on_time.rate, "share"),
    Column("confirmed", lambda c: _ratio(c.tally.confirmed_fixed), "ratio"),
    Column("confirmed_rate", lambda c: c.tally.confirmed_fixed.rate, "share"),
    Column("reopened", lambda c: c.tally.reopened, "count"),
    Column("register", lambda c: f"{c.register.occupied}/{c.register.rooms}", "ratio"),
    Column("register_rate", lambda c: c.register.share, "share"),
    Column("score", lambda c: c.score, "score"),
)


def shown(value: CellValue, kind: str) -> str:
    """A cell as text: the page, the CLI and the CSV all print this."""
    if value is None:
        return "-"
    if kind == "share" and isinstance(value, float | int):
        return f"{100 * value:.1f}%"
    if kind == "score" and isinstance(value, float | int):
        return f"{value:.1f}"
    return str(value)


def headings(t: Mapping[str, str]) -> list[str]:
    return [t[f"col_{column.key}"] for column in COLUMNS]


def text_rows(cards: list[Scorecard]) -> list[list[str]]:
    return [[shown(column.value(card), column.kind) for column in COLUMNS] for card in cards]


def title(assessment: Assessment, t: Mapping[str, str], where: str) -> str:
    month = assessment.period.first
    return t["assess_title"].format(year=month.year, month=month.month, where=where)


def weights_line(assessment: Assessment, t: Mapping[str, str]) -> str:
    parts = ", ".join(f"{t['weight_' + name]} {w}" for name, w in assessment.weights.items())
    return f"{t['weights']}: {parts}"


def text_lines(assessment: Assessment, t: Mapping[str, str], where: str) -> list[str]:
    """For `gridbot assess`: each level's ranked table, columns separated by " | "."""
    lines = [title(assessment, t, where), weights_line(assessment, t)]
    for level, cards in assessment.cards.items():
        lines += ["", f"## {t['level_' + level]}"]
        if not cards:
            lines.append(t["no_units"])
            continue
        lines.append(" | ".join(headings(t)))
        lines += [" | ".join(row) for row in text_rows(cards)]
    return lines
