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
from bot.onboarding.places import PlaceExample, example_place
from bot.render import Trusted
from handlers.onboarding.grammar import UNBOUND_LIST
from handlers.own_messages import not_from_bot
from models.binding import SeenGroup
from models.crud.place_candidates import place_candidates
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
    if group.introduced_at is not None and group.staff_notified_at is not None:
        return outbounds
    # The example names one of this deployment's houses, the group's own where its topic
    # says which.
    example = example_place(await place_candidates(session), topic)
    if group.introduced_at is None:
        group.introduced_at = now
        intro = {"topic": topic, "example": example}
        outbounds.append(Outbound(INTRO_TEMPLATE, ToGroup(chat_id), intro))
    if group.staff_notified_at is None:
        group.staff_notified_at = now
        session.add(group)
        await session.flush()
        groups = await _listed(session)
        for staff in await staff_contacts(session):
            assert staff.contact_id is not None
            context = {"groups": groups, "name": staff.name, "example": example}
            outbounds.append(Outbound(STAFF_TEMPLATE, ToPerson(staff.contact_id), context))
    session.add(group)
    return outbounds


@router.message(text_matches(UNBOUND_LIST))
async def list_unbound(inbound: Inbound, sender: Sender, session: AsyncSession) -> object:
    """ "未绑定群" / "unbound groups" from staff or a worker: the list, at any time."""
    if sender.person is None or not STAFF_ROLES & set(sender.person.roles):
        return UNHANDLED
    groups = await unbound_groups(session)
    context = {
        "groups": _shown(groups),
        "name": sender.person.name,
        "example": await _example(session, groups),
    }
    return reply(inbound, STAFF_TEMPLATE, context, lang=sender.lang)


async def _listed(session: AsyncSession) -> list[dict[str, object]]:
    return _shown(await unbound_groups(session))


def _shown(groups: list[SeenGroup]) -> list[dict[str, object]]:
    # ids come from the platform
    return [{"chat_id": Trusted(g.chat_id), "topic": g.topic} for g in groups]


async def _example(session: AsyncSession, groups: list[SeenGroup]) -> PlaceExample | None:
    return example_place(await place_candidates(session), groups[0].topic if groups else None)
