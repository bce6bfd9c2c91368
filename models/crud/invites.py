"""Invite codes: issued for a directory person, redeemed once by direct message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crud.people import link_contact
from models.invite import InviteCode
from models.person import Person

INVITE_LIFETIME = timedelta(hours=24)


class Redeemed(StrEnum):
    LINKED = "linked"
    UNKNOWN = "unknown"  # no such code: mistyped, or made up
    EXPIRED = "expired"
    USED = "used"


async def issue_invite(
    session: AsyncSession,
    *,
    person_id: int,
    code_hash: str,
    now: datetime,
    lifetime: timedelta = INVITE_LIFETIME,
) -> InviteCode:
    invite = InviteCode(
        person_id=person_id, code_hash=code_hash, created_at=now, expires_at=now + lifetime
    )
    session.add(invite)
    await session.flush()
    return invite


async def redeem_invite(
    session: AsyncSession,
    *,
    code_hash: str,
    contact_id: str,
    now: datetime,
    account: str = "main",
    account_of: Callable[[str], str] | None = None,
) -> tuple[Redeemed, Person | None]:
    """Link the code's person to `contact_id` (on `account`) when the code is good; nothing
    changes otherwise. A code redeemed on another account than the person's contact links
    them on both (`link_contact`)."""
    statement = select(InviteCode).where(InviteCode.code_hash == code_hash).with_for_update()
    invite = (await session.exec(statement)).first()
    if invite is None:
        return Redeemed.UNKNOWN, None
    person = await session.get_one(Person, invite.person_id)
    if invite.used_at is not None:
        return Redeemed.USED, person
    if now >= invite.expires_at:
        return Redeemed.EXPIRED, person
    invite.used_at, invite.used_by = now, contact_id
    session.add(invite)
    return Redeemed.LINKED, await link_contact(
        session,
        person_id=invite.person_id,
        contact_id=contact_id,
        account=account,
        account_of=account_of,
    )
