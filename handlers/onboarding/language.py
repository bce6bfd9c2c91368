"""A person's language follows what they write; "English please" / "说中文" fixes it.

Runs before the features that answer, so their `sender.lang` (read from the register when
they first name it) already holds the language of this very message. In groups the
onboarding gate follows the language (it has the person loaded already).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.dispatch.filters import in_direct
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.router import UNHANDLED, Router
from bot.lang.detect import clear_language
from handlers.onboarding.grammar import explicit_language
from handlers.own_messages import not_from_bot
from models.crud.people import (
    choose_language as store_choice,
)
from models.crud.people import (
    chosen_language,
    ensure_chat_person,
    person_by_contact,
    set_lang,
)
from models.person import Person

router = Router("language", not_from_bot)


def asks_for_language(inbound: Inbound) -> dict[str, str] | None:
    lang = explicit_language(inbound.text)
    return None if lang is None else {"lang": lang}


@router.message(asks_for_language)
async def choose_language(
    inbound: Inbound, session: AsyncSession, lang: str, now: datetime
) -> Outbound:
    person = await ensure_chat_person(
        session, contact_id=inbound.sender_id, name=inbound.sender_name, lang=lang
    )
    assert person.id is not None
    await store_choice(session, person_id=person.id, lang=lang, now=now)
    return reply(inbound, "language_set", {}, lang=lang)


@router.message(in_direct)
async def follow_in_direct(inbound: Inbound, session: AsyncSession) -> object:
    """Group messages are followed by the onboarding gate, which has the person at hand."""
    person = await person_by_contact(session, contact_id=inbound.sender_id)
    if person is not None:
        await follow_language(session, person=person, text=inbound.text)
    return UNHANDLED


async def answer_language(session: AsyncSession, *, person: Person | None, written: str) -> str:
    """The language to answer a message in: the one the person chose, else `written`."""
    if person is None or person.id is None:
        return written
    return await chosen_language(session, person_id=person.id) or written


async def follow_language(session: AsyncSession, *, person: Person, text: str) -> None:
    """The person's language becomes the one `text` is clearly in, unless they chose one."""
    written = clear_language(text)
    if written is None or person.id is None or person.lang == written:
        return
    if await chosen_language(session, person_id=person.id) is None:
        await set_lang(session, person_id=person.id, lang=written)
