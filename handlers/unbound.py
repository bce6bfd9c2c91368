"""A group no landlord grid is bound to: one introduction there, one notice to staff.

Both are remembered on the group's `SeenGroup` row, so neither repeats however many
messages (or joins) follow; the group is otherwise left in silence until it is bound.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.outbound import Outbound, ToGroup, ToPerson
from bot.render import Trusted
from models.crud.seen_groups import seen_group, staff_contacts, unbound_groups

INTRO_TEMPLATE = "group_intro"
STAFF_TEMPLATE = "unbound_groups"


async def note_unbound_group(
    session: AsyncSession, *, chat_id: str, topic: str | None, now: datetime
) -> list[Outbound]:
    group = await seen_group(session, chat_id=chat_id, topic=topic, now=now)
    outbounds: list[Outbound] = []
    if group.introduced_at is None:
        group.introduced_at = now
        outbounds.append(Outbound(INTRO_TEMPLATE, ToGroup(chat_id), {"topic": topic}))
    if group.staff_notified_at is None:
        group.staff_notified_at = now
        session.add(group)
        await session.flush()
        groups = [
            {"chat_id": Trusted(g.chat_id), "topic": g.topic}  # ids come from the platform
            for g in await unbound_groups(session)
        ]
        for staff in await staff_contacts(session):
            assert staff.contact_id is not None
            context = {"groups": groups, "name": staff.name}
            outbounds.append(Outbound(STAFF_TEMPLATE, ToPerson(staff.contact_id), context))
    session.add(group)
    return outbounds
