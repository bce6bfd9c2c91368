"""The dashboard's chart data, as the page embeds it (JSON) for console.js to draw.

The same figures are in the page's tables; the charts only draw them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.console.dashboard import Dashboard
from models.states import CloseReason


def chart_data(board: Dashboard, t: Mapping[str, str]) -> dict[str, Any]:
    summary = board.summary
    closure = [
        {"reason": reason.value, "name": t[f"reason_{reason.value}"],
         "value": summary.closed_by_reason.get(reason, 0)}
        for reason in CloseReason
    ]  # fmt: skip
    closure.append({"reason": "open", "name": t["still_open"], "value": summary.open})
    weeks = {
        "labels": [week.start.strftime("%m-%d") for week in board.weeks],
        "series": [
            {"kind": kind.value, "name": t[f"kind_{kind.value}"],
             "data": [week.counts.get(kind, 0) for week in board.weeks]}
            for kind in board.kinds
        ],
        "last_year": [week.last_year_total for week in board.weeks],
        "last_year_name": t["last_year"],
    }  # fmt: skip
    rows: dict[str, int] = {}
    columns: dict[str, int] = {}
    cells = []
    ordered = sorted(board.houses, key=lambda h: (h.place.micro_grid.code, h.place.house.code))
    for heat in ordered:
        row = rows.setdefault(heat.place.micro_grid.name, len(rows))
        column = columns[heat.place.micro_grid.name] = (
            columns.get(heat.place.micro_grid.name, -1) + 1
        )
        cells.append([column, row, heat.events, heat.place.house.name])
    houses = {
        "rows": list(rows),
        "columns": max(columns.values(), default=-1) + 1,
        "cells": cells,
        "max": max((h.events for h in board.houses), default=0),
    }
    return {"closure": closure, "weeks": weeks, "houses": houses}
