"""People: looked up by directory key or platform contact id; chat senders become people."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, exists, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.language import LanguageChoice
from models.person import Person, PersonContact, PersonHome

# Built once, executed with parameters: the contact look-up runs for most messages' senders,
# and building it per call cost more than SQLite answering it.
_BY_KEY = select(Person).where(col(Person.key) == bindparam("key"))
# A person is found by the contact they use (`Person.contact_id`) or by any other they
# linked on another account (`person_contact`; empty where one account is served).
_LINKED = select(col(PersonContact.person_id)).where(
    col(PersonContact.contact_id) == bindparam("contact_id")
)
_HAS_CONTACT = (col(Person.contact_id) == bindparam("contact_id")) | col(Person.id).in_(
    _LINKED.scalar_subquery()
)
_BY_CONTACT = select(Person).where(_HAS_CONTACT)


async def person_by_key(session: AsyncSession, *, key: str) -> Person | None:
    return (await session.exec(_BY_KEY, params={"key": key})).first()


async def person_by_contact(session: AsyncSession, *, contact_id: str) -> Person | None:
    return (await session.exec(_BY_CONTACT, params={"contact_id": contact_id})).first()


_WITH_HOME = select(
    Person, exists().where(col(PersonHome.person_id) == col(Person.id)).correlate(Person)
).where(_HAS_CONTACT)


async def person_and_home_by_contact(
    session: AsyncSession, *, contact_id: str
) -> tuple[Person, bool] | None:
    """The person with this contact id and whether they have a home, in one statement (the
    remembered answers ask it for every new sender)."""
    row = (await session.exec(_WITH_HOME, params={"contact_id": contact_id})).first()
    return None if row is None else (row[0], bool(row[1]))


async def person_by_id(session: AsyncSession, *, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def people_by_ids(session: AsyncSession, *, person_ids: Collection[int]) -> dict[int, Person]:
    """These people, by id, in one statement (the follow-up worker's batch)."""
    if not person_ids:
        return {}
    statement = select(Person).where(col(Person.id).in_(list(person_ids)))
    return {person.id: person for person in (await session.exec(statement)).all() if person.id}


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


async def link_contact(
    session: AsyncSession,
    *,
    person_id: int,
    contact_id: str,
    account: str = "main",
    account_of: Callable[[str], str] | None = None,
) -> Person:
    """Tie a directory person to their platform account (e.g. after an invite code).

    A chat-only person already holding that contact id gives it up first: they were the
    same human seen before being linked. `account`: the chat account `contact_id` is on;
    `account_of`: which account a stored id is on (bot/accounts.py). Linked on a
    second account, the person keeps both (`person_contact` then lists every contact of
    theirs, one per account) and uses the new one; linked again on the same account, the
    new contact replaces the old.
    """
    other = await person_by_contact(session, contact_id=contact_id)
    if other is not None and other.id != person_id:
        if other.contact_id == contact_id:
            other.contact_id = None
            session.add(other)
        await _drop_contacts(session, PersonContact.contact_id == contact_id)
        await session.flush()
    person = await session.get_one(Person, person_id)
    previous = person.contact_id
    previous_account = None if previous is None or account_of is None else account_of(previous)
    keep = previous is not None and previous != contact_id
    keep = keep and previous_account is not None and previous_account != account
    await _drop_contacts(
        session,
        (col(PersonContact.person_id) == person_id)
        & ((col(PersonContact.account) == account) | (col(PersonContact.contact_id) == contact_id)),
    )
    linked = await session.exec(select(PersonContact).where(PersonContact.person_id == person_id))
    if keep or linked.first() is not None:
        if keep and previous is not None and previous_account is not None:
            await _drop_contacts(
                session,
                (col(PersonContact.person_id) == person_id)
                & (col(PersonContact.account) == previous_account),
            )
            session.add(
                PersonContact(contact_id=previous, person_id=person_id, account=previous_account)
            )
        session.add(PersonContact(contact_id=contact_id, person_id=person_id, account=account))
    person.contact_id = contact_id
    session.add(person)
    await session.flush()
    return person


async def use_contact(session: AsyncSession, *, person: Person, contact_id: str) -> None:
    """`person` wrote from `contact_id`, one of their linked contacts: it becomes the one
    they use (their direct messages go there, on its account)."""
    if person.contact_id != contact_id:
        person.contact_id = contact_id
        session.add(person)
        await session.flush()


async def _drop_contacts(session: AsyncSession, where: Any) -> None:
    await session.exec(delete(PersonContact).where(where))


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
