"""GET /console: the dashboard (驾驶舱) of the signed-in person's scope for a period."""

from __future__ import annotations

import json
from datetime import date, timedelta

from aiohttp import web

from bot.console.dashboard import build_dashboard
from bot.console.periods import Period, default_period, parse_period
from bot.console.words import words
from bot.reporting import pct_text, span_text
from bot.web.console.charts import chart_data
from bot.web.console.pages import console_page
from bot.web.console.services import CONSOLE
from bot.web.console.viewer import viewer_of
from models.crud.selfchecks import completion_by_grid
from models.states import CloseReason

routes = web.RouteTableDef()


@routes.get("/console")
async def dashboard(request: web.Request) -> web.Response:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    tz, now = svc.settings.timezone, svc.clock.now()
    today = now.astimezone(tz).date()
    error = ""
    try:
        period = parse_period(request.query.get("from"), request.query.get("to"), today)
    except ValueError:
        period, error = default_period(today), "bad_period"
    async with svc.sessions() as session:
        board = await build_dashboard(
            session,
            houses=viewer.scope.houses,
            period=period,
            register=svc.settings.register,
            tz=tz,
            now=now,
        )
        # The safety self-check of the current month, per grid of the scope.
        month = now.astimezone(tz).strftime("%Y-%m")
        checks = await completion_by_grid(session, period=month, houses=viewer.scope.houses)
    charts = json.dumps(chart_data(board, words(viewer.lang)), ensure_ascii=False)
    return console_page(
        request,
        "console/dashboard.html",
        status=400 if error else 200,
        board=board,
        s=board.summary,
        charts=charts.replace("</", "<\\/"),  # safe inside <script>
        error=error,
        presets=_presets(today),
        pct=pct_text,
        span=span_text,
        reasons=list(CloseReason),
        selfcheck=checks,
        selfcheck_month=month,
    )


def _presets(today: date) -> dict[str, Period]:
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    return {
        "preset_30": default_period(today),
        "preset_month": Period(month_start, today),
        "preset_last_month": Period(last_month_end.replace(day=1), last_month_end),
    }
