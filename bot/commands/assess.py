"""`gridbot assess --month 2026-11 [--community CODE]`: the monthly scorecards (考核).

The same figures as the console's assessment page and its exports (one computation,
bot/console/assessment.py, one table, bot/console/scorecard_table.py).
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.console.assessment import Assessment


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "assess", help="monthly scorecards per landlord grid, micro-grid and grid, ranked"
    )
    parser.add_argument("--month", metavar="YYYY-MM", type=_month, help="(default: last month)")
    parser.add_argument("--community", metavar="CODE", help="only this community")
    parser.add_argument("--lang", choices=("zh", "en"), help="words (default: [bot] language)")
    parser.set_defaults(handler=print_assessment)


def print_assessment(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.config import load_settings
    from bot.console.scorecard_table import text_lines
    from bot.console.words import words

    settings = load_settings(args.config)
    now = SystemClock().now()
    month = args.month or _last_month(now.astimezone(settings.timezone).date())
    assessment = asyncio.run(_assess(settings, month, args.community, now))
    t = words(args.lang or settings.bot.language)
    print("\n".join(text_lines(assessment, t, args.community or "GridBot")))
    return 0


async def _assess(
    settings: Settings, month: str, community: str | None, now: datetime
) -> Assessment:
    from sqlmodel import col, select

    from bot.cli import UsageError
    from bot.commands.grid import _require_schema
    from bot.console.assessment import assess
    from bot.console.periods import month_period
    from models.crud.grid import community_by_code
    from models.crud.scope import community_houses
    from models.db import database
    from models.grid import LandlordGrid

    async with database(settings.database_url) as (engine, factory):
        await _require_schema(engine, settings.database_url)
        async with factory() as session:
            if community is not None:
                if await community_by_code(session, code=community) is None:
                    raise UsageError(
                        f"no community with the code {community!r}: see `gridbot grid show`"
                    )
                houses = await community_houses(session, community_code=community)
            else:
                found = (await session.exec(select(col(LandlordGrid.id)))).all()
                houses = frozenset(h for h in found if h is not None)
            return await assess(
                session,
                houses=houses,
                scope=None,
                period=month_period(month),
                weights=settings.assessment.weights,
                register=settings.register,
                tz=settings.timezone,
                now=now,
            )


def _month(text: str) -> str:
    from bot.console.periods import month_period

    try:
        month_period(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}") from None
    return text


def _last_month(today: date) -> str:
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
