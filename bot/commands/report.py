"""`gridbot report [--since DATE] [--community CODE]`: closure rate and follow-up figures."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, datetime, timedelta

DEFAULT_DAYS = 30


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report", help="closure rate by close reason, response times, overdue, repeat places"
    )
    parser.add_argument(
        "--since",
        metavar="DATE",
        type=_date,
        help=f"events reported on or after this local date, YYYY-MM-DD ({DEFAULT_DAYS} days ago)",
    )
    parser.add_argument("--community", metavar="CODE", help="only this community's landlord grids")
    parser.add_argument(
        "--month",
        metavar="YYYY-MM",
        type=_month,
        help="the month of the safety self-check's completion rate (this month)",
    )
    parser.set_defaults(handler=print_report)


def print_report(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.config import load_settings

    settings = load_settings(args.config)
    now = SystemClock().now()
    tz = settings.timezone
    day: date = args.since or (now.astimezone(tz) - timedelta(days=DEFAULT_DAYS)).date()
    since = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    period: str = args.month or now.astimezone(tz).strftime("%Y-%m")
    lines = asyncio.run(_report(settings.database_url, since, args.community, now, period))
    print("\n".join(lines))
    return 0


async def _report(
    url: str, since: datetime, community: str | None, now: datetime, period: str
) -> list[str]:
    from bot.cli import UsageError
    from bot.commands.grid import _require_schema
    from bot.reporting import report_lines, selfcheck_lines, summarise
    from models.crud.grid import community_by_code
    from models.crud.report_queries import report_rows
    from models.crud.scope import community_houses
    from models.crud.selfchecks import completion_by_grid
    from models.db import database

    async with database(url) as (engine, factory):
        await _require_schema(engine, url)
        async with factory() as session:
            if community is not None and await community_by_code(session, code=community) is None:
                raise UsageError(
                    f"no community with the code {community!r}: see `gridbot grid show`"
                )
            houses = None
            if community is not None:
                houses = await community_houses(session, community_code=community)
            rows = await report_rows(session, since=since, houses=houses)
            checks = await completion_by_grid(session, period=period, houses=houses)
    where = f", community {community}" if community else ""
    title = f"GridBot report: events reported since {since.date().isoformat()}{where}"
    lines = report_lines(summarise(rows, now=now), title=title)
    return [*lines, *selfcheck_lines(checks, period=period)]


def _month(text: str) -> str:
    try:
        return datetime.strptime(text, "%Y-%m").strftime("%Y-%m")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}") from None


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
