"""The invite throttle's and the privacy advice's rows: each step one statement, so two
processes counting the same sender at once count every code and advise once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud._dialect import upsert
from models.sender_memory import InviteThrottle, PrivacyNotice
from models.types import TZDateTime


async def invites_paused_until(session: AsyncSession, *, contact_id: str) -> datetime | None:
    statement = select(InviteThrottle.paused_until).where(
        col(InviteThrottle.contact_id) == contact_id
    )
    return (await session.exec(statement)).first()


async def count_invite_failure(
    session: AsyncSession, *, contact_id: str, now: datetime, window: timedelta
) -> int:
    """Count a wrong code; how many the sender has sent in the window that holds it (a
    window begins at the first wrong code after the last one ended)."""
    stale = col(InviteThrottle.since) <= now - window
    statement = (
        upsert(session, InviteThrottle)
        .values(contact_id=contact_id, failures=1, since=now, paused_until=None)
        .on_conflict_do_update(
            index_elements=[col(InviteThrottle.contact_id)],
            set_={
                "failures": case((stale, 1), else_=col(InviteThrottle.failures) + 1),
                "since": case((stale, literal(now, TZDateTime)), else_=col(InviteThrottle.since)),
            },
        )
        .returning(col(InviteThrottle.failures))
    )
    failures: int = (await session.exec(statement)).scalar_one()
    return failures


async def pause_invites(session: AsyncSession, *, contact_id: str, until: datetime) -> None:
    """No codes read from the sender until `until`; their count starts again after it."""
    await session.exec(
        update(InviteThrottle)
        .where(col(InviteThrottle.contact_id) == contact_id)
        .values(failures=0, paused_until=until)
    )


async def forget_invite_failures(session: AsyncSession, *, contact_id: str) -> None:
    await session.exec(delete(InviteThrottle).where(col(InviteThrottle.contact_id) == contact_id))


async def claim_privacy_notice(
    session: AsyncSession, *, chat_id: str, contact_id: str, now: datetime, period: timedelta
) -> bool:
    """True, and `now` remembered, unless the sender was advised in this group within
    `period` (then nothing changes)."""
    statement = (
        upsert(session, PrivacyNotice)
        .values(chat_id=chat_id, contact_id=contact_id, told_at=now)
        .on_conflict_do_update(
            index_elements=[col(PrivacyNotice.chat_id), col(PrivacyNotice.contact_id)],
            set_={"told_at": now},
            where=col(PrivacyNotice.told_at) <= now - period,
        )
    )
    result = await session.exec(statement)
    return int(result.rowcount) == 1
