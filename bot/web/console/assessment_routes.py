"""GET /console/assessment?month=YYYY-MM: the monthly scorecards of the person's scope;
/console/assessment.csv and .xlsx: the same table as files to forward."""

from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web

from bot.console.assessment import Assessment, assess
from bot.console.assessment_export import to_csv, to_xlsx
from bot.console.periods import month_period
from bot.console.scorecard_table import headings, text_rows, weights_line
from bot.console.words import words
from bot.web.console.pages import console_page
from bot.web.console.services import CONSOLE
from bot.web.console.viewer import Viewer, viewer_of

routes = web.RouteTableDef()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _last_month(today: date) -> str:
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


async def _assessment(request: web.Request) -> tuple[Assessment | None, str]:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    tz, now = svc.settings.timezone, svc.clock.now()
    month = request.query.get("month") or _last_month(now.astimezone(tz).date())
    try:
        period = month_period(month)
    except ValueError:
        return None, month
    async with svc.sessions() as session:
        found = await assess(
            session,
            houses=viewer.scope.houses,
            scope=viewer.scope,
            period=period,
            weights=svc.settings.assessment.weights,
            register=svc.settings.register,
            tz=tz,
            now=now,
        )
    return found, month


def _where(viewer: Viewer) -> str:
    return viewer.person.name


@routes.get("/console/assessment")
async def assessment_page(request: web.Request) -> web.Response:
    found, month = await _assessment(request)
    viewer = viewer_of(request)
    t = words(viewer.lang)
    if found is None:
        return console_page(
            request, "console/assessment.html", status=400, month=month, error="bad_month",
            assessment=None, tables=[], headings=headings(t), weights="",
        )  # fmt: skip
    tables = [(level, text_rows(cards)) for level, cards in found.cards.items()]
    return console_page(
        request,
        "console/assessment.html",
        month=month,
        error="",
        assessment=found,
        tables=tables,
        headings=headings(t),
        weights=weights_line(found, t),
    )


@routes.get("/console/assessment.csv")
async def assessment_csv(request: web.Request) -> web.Response:
    return await _file(request, "csv")


@routes.get("/console/assessment.xlsx")
async def assessment_xlsx(request: web.Request) -> web.Response:
    return await _file(request, "xlsx")


async def _file(request: web.Request, kind: str) -> web.Response:
    found, month = await _assessment(request)
    viewer = viewer_of(request)
    if found is None:
        raise web.HTTPBadRequest(text=words(viewer.lang)["bad_month"])
    t, where = words(viewer.lang), _where(viewer)
    body = to_csv(found, t, where) if kind == "csv" else to_xlsx(found, t, where)
    response = web.Response(
        body=body, content_type="text/csv" if kind == "csv" else XLSX, charset=None
    )
    response.headers["Content-Disposition"] = f'attachment; filename="assessment-{month}.{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response
