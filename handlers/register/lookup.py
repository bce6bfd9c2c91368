"""Which current resident a move-out or an update is about: by document, name, room or self."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.participants import Sender
from bot.nlu.reading import Reading
from bot.privacy import DataKeys
from handlers.register.house import House
from models.crud.tenants import Stay, current_stays


async def find_stays(
    session: AsyncSession,
    *,
    house: House,
    text: str,
    reading: Reading,
    sender: Sender,
    keys: DataKeys,
    now: datetime,
) -> list[Stay]:
    """The stays the message points at; each clue given narrows the house's residents."""
    stays = await current_stays(session, now=now, landlord_grid_ids=[house.id])
    person = sender.person
    if house.role == "self":
        # A tenant changes only their own entry.
        own = person.id if person is not None else None
        stays = [(stay, tenant) for stay, tenant in stays if own and tenant.person_id == own]
    clues = 0
    number = reading.person.id_number
    if number:
        wanted = keys.lookup(number)
        same = [(s, t) for s, t in stays if t.document_hash == wanted]
        # A renewed passport has a new number: then the other clues decide.
        clues += bool(same)
        stays = same or stays
    named = [(s, t) for s, t in stays if t.name and t.name.lower() in text.lower()]
    if named:
        clues += 1
        stays = named
    room = reading.location.room
    if room:
        clues += 1
        stays = [(s, t) for s, t in stays if s.room == room]
    # A landlord's message that names nobody in the house must not pick a resident at random.
    return stays if clues or house.role == "self" else []
