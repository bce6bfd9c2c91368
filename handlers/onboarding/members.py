"""Members of a bound group become people; a nickname like "10幢301-张三" gives their room."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cache.lookups import ContactFacts
from bot.lang.detect import clear_language
from bot.onboarding.nickname import NicknameHome, home_in_nickname
from handlers.onboarding.language import follow_language
from models.crud.bindings import landlord_grids_of_chat
from models.crud.grid import buildings_of
from models.crud.people import ensure_chat_person, person_by_contact, person_home, set_person_home
from models.grid import LandlordGrid
from models.person import Person


async def know_member(
    session: AsyncSession,
    *,
    chat_id: str,
    contact_id: str,
    name: str,
    text: str,
    default_lang: str,
) -> Person:
    """The member as a Person (created on first sight), their language and nickname room."""
    person = await person_by_contact(session, contact_id=contact_id)
    old_name = person.name if person is not None else None
    if person is None or (person.key is None and old_name != name):
        lang = clear_language(text) or default_lang
        person = await ensure_chat_person(session, contact_id=contact_id, name=name, lang=lang)
    await follow_language(session, person=person, text=text)
    home = home_in_nickname(name)
    if home is None or person.id is None:
        return person
    current = await person_home(session, person_id=person.id)
    if current is not None and old_name == name:
        return person  # set already (directory, the landlord, or this nickname before)
    grid = await grid_for_room(session, chat_id, home)
    if grid is not None and grid.id is not None:
        await set_person_home(
            session, person_id=person.id, landlord_grid_id=grid.id, room=home.room
        )
    return person


def nothing_to_learn(known: ContactFacts, *, name: str, text: str) -> bool:
    """True when `know_member` would write nothing for this message: the same name (or a
    directory person's), no switch of language, no nickname room that is not set yet."""
    same_name = known.name == name
    if not same_name and known.key is None:
        return False
    if clear_language(text) not in (None, known.lang):
        return False
    return home_in_nickname(name) is None or (known.has_home and same_name)


async def grid_for_room(
    session: AsyncSession, chat_id: str, home: NicknameHome
) -> LandlordGrid | None:
    """The group's house the room is in: the named building's, or the group's only one."""
    grids = await landlord_grids_of_chat(session, chat_id=chat_id)
    if home.building is None:
        return grids[0] if len(grids) == 1 else None
    for grid in grids:
        if grid.id is not None and home.building in await buildings_of(
            session, landlord_grid_id=grid.id
        ):
            return grid
    return None
