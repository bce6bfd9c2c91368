"""The self-check's part of the app's daily jobs (bot/register/scheduler.py runs it).

From `[selfcheck] day` of each month on, every house not asked yet this month gets its
checklist in its landlord's direct chat (a landlord without a linked account is asked once
they link); after `remind_after`, an unfinished one gets one reminder. Each message has a
dedupe key and each house one row a month, so a second run (a restart, a second process)
sends nothing twice, and a day the bot was down is caught up by the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.selfcheck.checklist import await_answers, checklist
from models.crud.selfchecks import houses_not_asked, reminders_due, start_selfcheck


@dataclass(frozen=True, slots=True)
class SelfCheckRun:
    asked: int = 0  # checklists sent
    reminded: int = 0


def period_of(now: datetime, settings: Settings) -> str:
    """The month a self-check belongs to, in local time ("2026-12")."""
    return now.astimezone(settings.timezone).strftime("%Y-%m")


async def run_selfcheck(
    session: AsyncSession, *, enqueuer: Enqueuer, settings: Settings, now: datetime
) -> SelfCheckRun:
    config = settings.selfcheck
    if not config.enabled:
        return SelfCheckRun()
    period = period_of(now, settings)
    asked = 0
    if now.astimezone(settings.timezone).day >= config.day:
        for house, leader in await houses_not_asked(session, period=period):
            if not leader.contact_id:
                continue  # nobody to ask yet; the row is made when they can be asked
            check = await start_selfcheck(
                session,
                house=house,
                leader=leader,
                period=period,
                questions=len(config.questions),
                now=now,
            )
            item = checklist(check, house, leader, config.questions)
            asked += await enqueuer.enqueue(
                session, [item], now=now, key=f"selfcheck:{house.code}:{period}"
            )
            await await_answers(session, leader=leader, check=check, now=now)
    reminded = 0
    due = await reminders_due(session, period=period, sent_before=now - config.remind_after)
    for check, house, leader in due:
        check.reminded_at = now
        session.add(check)
        if not leader.contact_id:
            continue
        item = checklist(check, house, leader, config.questions, template="selfcheck_reminder")
        reminded += await enqueuer.enqueue(
            session, [item], now=now, key=f"selfcheck-reminder:{house.code}:{period}"
        )
        await await_answers(session, leader=leader, check=check, now=now)
    return SelfCheckRun(asked, reminded)
