"""The morning digest to each leader and the weekly one to micro-grid workers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.digest_queries import Addressee, leader_digests, worker_digests


async def send_digests(
    session: AsyncSession, *, now: datetime, day: date, weekly: bool, mailer: Enqueuer
) -> int:
    """Queue `day`'s digests (the weekly ones too when `weekly`); returns how many were new."""
    queued = await _send(
        session, "digest_leader", leader_digests(session, now=now), day, mailer, now
    )
    if weekly:
        rows = worker_digests(session, now=now)
        queued += await _send(session, "digest_worker", rows, day, mailer, now)
    return queued


async def _send(
    session: AsyncSession,
    template: str,
    addressees: AsyncIterator[Addressee],
    day: date,
    mailer: Enqueuer,
    now: datetime,
) -> int:
    queued = 0
    async for person in addressees:
        context = {
            "name": person.name,
            "day": day,
            "items": person.items,
            "total": person.total,
            "overdue": person.overdue,
            "more": person.total - len(person.items) if template == "digest_leader" else 0,
        }
        outbound = Outbound(template, ToPerson(person.contact_id, person.lang), context)
        key = f"{template}:{person.person_id}:{day.isoformat()}"
        queued += await mailer.enqueue(session, [outbound], now=now, key=key)
    return queued
