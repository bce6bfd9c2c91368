"""Directory people into the database: matched by key, or adopted by their contact id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.directory import PersonEntry
from models.crud._sync_common import SyncStats, assign
from models.crud.people import person_by_contact, person_by_key
from models.person import Person, PersonHome


async def sync_people(
    session: AsyncSession, *, entries: Sequence[PersonEntry], stats: SyncStats
) -> dict[str, int]:
    """Upsert the entries; return every keyed person's id (stored ones too) by key."""
    for entry in entries:
        row = await person_by_key(session, key=entry.key)
        holder = await _contact_holder(session, entry)
        if row is None and holder is not None:
            row = holder  # seen in chat before the directory named them: the same person
        elif holder is not None and holder is not row:
            holder.contact_id = None  # a chat-only duplicate of this directory person
            session.add(holder)
            await session.flush()
        values: dict[str, Any] = {
            "key": entry.key,
            "name": entry.name,
            "phone": entry.phone,
            "phone_public": entry.phone_public,
            "lang": entry.lang,
            "roles": list(entry.roles),
        }
        if entry.contact_id is not None:
            values["contact_id"] = entry.contact_id
        if row is None:
            session.add(Person(**values))
            stats.created["person"] += 1
        elif assign(row, values):
            session.add(row)
            stats.updated["person"] += 1
        await session.flush()
    rows = (
        await session.exec(select(Person.key, Person.id).where(col(Person.key).is_not(None)))
    ).all()
    return {str(key): int(ident) for key, ident in rows if ident is not None}


async def _contact_holder(session: AsyncSession, entry: PersonEntry) -> Person | None:
    if entry.contact_id is None:
        return None
    holder = await person_by_contact(session, contact_id=entry.contact_id)
    if holder is not None and holder.key is not None and holder.key != entry.key:
        raise entry.origin.error(
            "contact_id", f'"{entry.contact_id}" already belongs to person "{holder.key}"'
        )
    return holder


async def sync_homes(
    session: AsyncSession,
    *,
    entries: Sequence[PersonEntry],
    people: dict[str, int],
    landlord_grids: dict[str, int],
    stats: SyncStats,
) -> None:
    for entry in entries:
        if entry.home is None:
            continue
        person_id = people[entry.key]
        grid_id = landlord_grids[entry.home]
        values: dict[str, Any] = {"landlord_grid_id": grid_id, "room": entry.room}
        home = await session.get(PersonHome, person_id)
        if home is None:
            session.add(PersonHome(person_id=person_id, landlord_grid_id=grid_id, room=entry.room))
            stats.created["person_home"] += 1
        elif assign(home, values):
            session.add(home)
            stats.updated["person_home"] += 1
    await session.flush()
