"""Other timers that ride on the worker's tick, each in its own transaction.

A hook stores its own state change (e.g. closes the expired dialog) with the messages it
returns, so it produces them once; they are queued without a dedupe key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound
from bot.followup.specs import FollowupRules

TickHook = Callable[[AsyncSession, datetime], Awaitable[Sequence[Outbound]]]


def intake_hooks(settings: Settings, rules: FollowupRules) -> list[TickHook]:
    """Unanswered location questions go to community staff (handlers/reports/fallback.py)."""
    from handlers.reports.fallback import expire_location_questions

    async def expire(session: AsyncSession, now: datetime) -> Sequence[Outbound]:
        return await expire_location_questions(session, settings=settings, rules=rules, now=now)

    return [expire]
