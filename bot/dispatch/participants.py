"""Who wrote and where: the `sender` and `chat` values handlers can name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.lang.detect import guess_language
from models.crud.people import person_by_contact, use_contact
from models.person import Person

UNKNOWN_LANG = "zh"  # a sender who wrote no letters of any language


@dataclass(frozen=True, slots=True)
class Chat:
    id: str
    kind: ChatKind
    topic: str | None

    @property
    def is_group(self) -> bool:
        return self.kind is ChatKind.GROUP


@dataclass(frozen=True, slots=True)
class Sender:
    contact_id: str
    name: str
    lang: str  # the people register's, else guessed from what they wrote
    person: Person | None  # None: someone the register does not know (yet)


def chat_of(inbound: Inbound) -> Chat:
    return Chat(inbound.chat_id, inbound.chat_kind, inbound.chat_topic)


async def person_of(session: AsyncSession, contact_id: str) -> Person | None:
    """The person with this contact id; one the transaction has loaded already (the
    onboarding gate loads every group sender) is taken without asking the database again.
    The ORM would hand back that very object anyway: contact ids are unique."""
    for loaded in session.identity_map.values():
        if isinstance(loaded, Person) and loaded.contact_id == contact_id:
            return None if inspect(loaded).deleted else loaded
    return await person_by_contact(session, contact_id=contact_id)


async def find_sender(inbound: Inbound, session: AsyncSession) -> Sender:
    person = await person_of(session, inbound.sender_id)
    if person is not None and person.contact_id != inbound.sender_id:
        # Someone linked on several accounts writes from another one than before: that
        # is the channel they use now, and their direct messages follow.
        await use_contact(session, person=person, contact_id=inbound.sender_id)
    lang = person.lang if person is not None else guess_language(inbound.text, UNKNOWN_LANG)
    name = inbound.sender_name
    if person is not None and not inbound.sender_named:
        name = person.name  # the platform gave only an id (WeCom)
    return Sender(inbound.sender_id, name, lang, person)
