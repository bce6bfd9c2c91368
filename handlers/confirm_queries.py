"""The resolved event a reporter's answer is about, in the chat they answer in."""

from __future__ import annotations

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from models.binding import GroupBinding
from models.event import Event, EventReporter
from models.grid import LandlordGrid
from models.states import EventState


async def awaiting_confirmation(
    session: AsyncSession, *, person_id: int, inbound: Inbound
) -> Event | None:
    """The latest resolved event `person_id` reported (first or merged) that this chat is
    about: in a group, one reported there or belonging to the group's landlord grid (the
    follow-up worker asks there); in a direct chat, any."""
    merged = select(EventReporter.event_id).where(EventReporter.person_id == person_id)
    statement = (
        select(Event)
        .where(Event.state == EventState.RESOLVED)
        .where(or_(Event.reporter_id == person_id, col(Event.id).in_(merged)))
        .order_by(col(Event.id).desc())
    )
    if inbound.chat_kind is ChatKind.GROUP:
        # A group covering several houses has bindings but no `group_chat` mirror.
        mirrored = select(LandlordGrid.id).where(LandlordGrid.group_chat == inbound.chat_id)
        bound = (
            select(GroupBinding.landlord_grid_id)
            .where(GroupBinding.chat_id == inbound.chat_id)
            .where(col(GroupBinding.unbound_at).is_(None))
        )
        statement = statement.where(
            or_(
                Event.source_chat_id == inbound.chat_id,
                col(Event.landlord_grid_id).in_(mirrored),
                col(Event.landlord_grid_id).in_(bound),
            )
        )
    return (await session.exec(statement.limit(1))).first()
