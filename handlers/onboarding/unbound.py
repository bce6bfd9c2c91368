"""A group no landlord grid is bound to: one introduction there, one notice to staff;
staff and workers may also ask for the list ("未绑定群") by direct message.

Both are remembered on the group's `SeenGroup` row, so neither repeats however many
messages (or joins) follow; the group is otherwise left in silence until it is bound.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.dispatch.filters import in_direct, text_matches
from bot.dispatch.outbound import Outbound, ToGroup, ToPerson, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, Router
from bot.render import Trusted
from handlers.onboarding.grammar import UNBOUND_LIST
from handlers.own_messages import not_from_bot
from models.crud.seen_groups import seen_group, staff_contacts, unbound_groups

router = Router("unbound", in_direct, not_from_bot)

STAFF_ROLES = frozenset({"community_staff", "grid_worker", "micro_grid_worker"})
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
        groups = await _listed(session)
        for staff in await staff_contacts(session):
            assert staff.contact_id is not None
            context = {"groups": groups, "name": staff.name}
            outbounds.append(Outbound(STAFF_TEMPLATE, ToPerson(staff.contact_id), context))
    session.add(group)
    return outbounds


@router.message(text_matches(UNBOUND_LIST))
async def list_unbound(inbound: Inbound, sender: Sender, session: AsyncSession) -> object:
    """ "未绑定群" / "unbound groups" from staff or a worker: the list, at any time."""
    if sender.person is None or not STAFF_ROLES & set(sender.person.roles):
        return UNHANDLED
    context = {"groups": await _listed(session), "name": sender.person.name}
    return reply(inbound, STAFF_TEMPLATE, context, lang=sender.lang)


async def _listed(session: AsyncSession) -> list[dict[str, object]]:
    return [
        {"chat_id": Trusted(g.chat_id), "topic": g.topic}  # ids come from the platform
        for g in await unbound_groups(session)
    ]
