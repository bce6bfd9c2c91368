"""Groups seen without a binding: introduced once, staff told once, a pending choice."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.binding import SeenGroup
from models.crud.bindings import landlord_grids_of_chat
from models.grid import Community
from models.person import Person


async def seen_group(
    session: AsyncSession, *, chat_id: str, topic: str | None, now: datetime
) -> SeenGroup:
    """The group's row, created on first sight; a new topic (a renamed group) is kept."""
    group = await session.get(SeenGroup, chat_id)
    if group is None:
        group = SeenGroup(chat_id=chat_id, topic=topic, first_seen_at=now)
    elif topic and group.topic != topic:
        group.topic = topic
    session.add(group)
    await session.flush()
    return group


async def unbound_groups(session: AsyncSession) -> list[SeenGroup]:
    """Every seen group that still has no landlord grid, first seen first."""
    rows = (await session.exec(select(SeenGroup).order_by(col(SeenGroup.first_seen_at)))).all()
    return [row for row in rows if not await landlord_grids_of_chat(session, chat_id=row.chat_id)]


async def staff_contacts(session: AsyncSession) -> list[Person]:
    """Community staff reachable by direct message (linked to a chat account)."""
    statement = (
        select(Person)
        .join(Community, col(Community.staff_id) == Person.id)
        .where(col(Person.contact_id).is_not(None))
        .order_by(col(Person.id))
    )
    # One notice per person even if they serve several communities (no DISTINCT: JSON roles).
    return list({p.id: p for p in (await session.exec(statement)).all()}.values())


def offer_choice(group: SeenGroup, *, codes: list[str], by: str, now: datetime) -> None:
    group.choice_codes, group.choice_by, group.choice_at = codes, by, now


def clear_choice(group: SeenGroup) -> None:
    group.choice_codes, group.choice_by, group.choice_at = [], None, None
