"""People: looked up by directory key or platform contact id; chat senders become people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.language import LanguageChoice
from models.person import Person, PersonHome

# Built once, executed with parameters: the contact look-up runs for most messages' senders,
# and building it per call cost more than SQLite answering it.
_BY_KEY = select(Person).where(col(Person.key) == bindparam("key"))
_BY_CONTACT = select(Person).where(col(Person.contact_id) == bindparam("contact_id"))


async def person_by_key(session: AsyncSession, *, key: str) -> Person | None:
    return (await session.exec(_BY_KEY, params={"key": key})).first()


async def person_by_contact(session: AsyncSession, *, contact_id: str) -> Person | None:
    return (await session.exec(_BY_CONTACT, params={"contact_id": contact_id})).first()


async def person_by_id(session: AsyncSession, *, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def ensure_chat_person(
    session: AsyncSession, *, contact_id: str, name: str, lang: str | None = None
) -> Person:
    """The person behind a chat sender, created on first sight; a new display name is kept."""
    person = await person_by_contact(session, contact_id=contact_id)
    if person is None:
        person = Person(contact_id=contact_id, name=name, lang=lang or "zh")
    elif name and person.key is None and person.name != name:
        # Directory people keep their directory name; chat-only people follow their nickname.
        person.name = name
    session.add(person)
    await session.flush()
    return person


async def set_lang(session: AsyncSession, *, person_id: int, lang: str) -> None:
    person = await session.get_one(Person, person_id)
    person.lang = lang
    session.add(person)


async def link_contact(session: AsyncSession, *, person_id: int, contact_id: str) -> Person:
    """Tie a directory person to their platform account (e.g. after an invite code).

    A chat-only person already holding that contact id gives it up first: they were the
    same human seen before being linked.
    """
    other = await person_by_contact(session, contact_id=contact_id)
    if other is not None and other.id != person_id:
        other.contact_id = None
        session.add(other)
        await session.flush()
    person = await session.get_one(Person, person_id)
    person.contact_id = contact_id
    session.add(person)
    await session.flush()
    return person


async def person_home(session: AsyncSession, *, person_id: int) -> PersonHome | None:
    return await session.get(PersonHome, person_id)


async def set_person_home(
    session: AsyncSession, *, person_id: int, landlord_grid_id: int, room: str | None
) -> PersonHome:
    home = await session.get(PersonHome, person_id)
    if home is None:
        home = PersonHome(person_id=person_id, landlord_grid_id=landlord_grid_id)
    home.landlord_grid_id = landlord_grid_id
    home.room = room
    session.add(home)
    await session.flush()
    return home


async def people_named(session: AsyncSession, *, name: str) -> list[Person]:
    """People whose name is `name`, any case."""
    statement = select(Person).where(func.lower(Person.name) == name.lower())
    return list((await session.exec(statement)).all())


async def directory_people(session: AsyncSession) -> list[Person]:
    """Everyone the directory names (people with a key), not chat senders."""
    return list((await session.exec(select(Person).where(col(Person.key).is_not(None)))).all())


async def chosen_language(session: AsyncSession, *, person_id: int) -> str | None:
    """The language the person asked for, if they did ("English please")."""
    choice = await session.get(LanguageChoice, person_id)
    return None if choice is None else choice.lang


async def choose_language(
    session: AsyncSession, *, person_id: int, lang: str, now: datetime
) -> None:
    """Fix the person's language: it no longer follows what they write."""
    await set_lang(session, person_id=person_id, lang=lang)
    choice = await session.get(LanguageChoice, person_id)
    if choice is None:
        choice = LanguageChoice(person_id=person_id, lang=lang, chosen_at=now)
    choice.lang, choice.chosen_at = lang, now
    session.add(choice)
