""" "本月" / "stats": the leader's own month in numbers (events assigned to them since the
first of the month, local time), judged as `gridbot report`, the dashboard and the
assessment judge them (bot/reporting.py)."""

from __future__ import annotations

from datetime import datetime, time

from bot.dispatch.outbound import Outbound
from bot.reporting import month
from handlers.leader.act import You
from models.crud.report_queries import report_rows


async def month_stats(you: You) -> Outbound:
    assert you.person.id is not None
    local = you.now.astimezone(you.tz)
    first = datetime.combine(local.date().replace(day=1), time(), tzinfo=you.tz)
    rows = await report_rows(you.session, since=first, assignee=you.person.id)
    numbers = month(rows, now=you.now)
    context = {
        "name": you.person.name,
        "month": local.date(),
        "assigned": numbers.assigned,
        "on_time": numbers.on_time,
        "resolved": numbers.resolved,
        "confirmed": numbers.confirmed,
        "open": numbers.open,
        "overdue": numbers.overdue,
    }
    return you.tell("leader_stats", context)
