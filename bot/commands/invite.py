"""`gridbot invite PERSON`: a one-time code that links a directory person to their WeChat.

The person sends the code to the bot by direct message within 24 hours; it works once.
Only its hash is stored, so the printed code is the only copy.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.config import Settings
    from models.person import Person


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "invite", help="print a one-time code that links a directory person to their chat account"
    )
    parser.add_argument("person", metavar="PERSON", help="the person's directory key or name")
    parser.set_defaults(handler=invite_person)


def invite_person(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.config import load_settings

    settings = load_settings(args.config)
    code, name, key, expires = asyncio.run(issue(settings, args.person, SystemClock().now()))
    local = expires.astimezone(settings.timezone).strftime("%Y-%m-%d %H:%M")
    print(f"invite code for {name} ({key}): {code}")
    print(f"valid until {local} ({settings.timezone.key}), once; the person sends it to the bot")
    print("in a direct message. Only a hash is stored: this is the only copy of the code.")
    return 0


async def issue(settings: Settings, person: str, now: datetime) -> tuple[str, str, str, datetime]:
    """The code, the person's name and key, and when the code expires."""
    from bot.commands.grid import _require_schema
    from bot.onboarding.invite_codes import code_hash, new_code
    from models.crud.invites import issue_invite
    from models.db import database, session_scope

    async with database(settings.database_url) as (engine, factory):
        await _require_schema(engine, settings.database_url)
        async with session_scope(factory) as session:
            found = await find_person(session, person)
            assert found.id is not None
            code = new_code()
            invite = await issue_invite(
                session, person_id=found.id, code_hash=code_hash(code), now=now
            )
            return code, found.name, found.key or person, invite.expires_at


async def find_person(session: AsyncSession, wanted: str) -> Person:
    """By directory key, else by name; chat-only people (no key) cannot be invited."""
    from sqlmodel import col, select

    from bot.cli import UsageError
    from models.crud.people import person_by_key
    from models.person import Person

    person = await person_by_key(session, key=wanted)
    if person is not None:
        return person
    statement = select(Person).where(Person.name == wanted).where(col(Person.key).is_not(None))
    named = list((await session.exec(statement)).all())
    if len(named) == 1:
        return named[0]
    if named:
        keys = ", ".join(sorted(p.key or "" for p in named))
        raise UsageError(f'several people are called "{wanted}": give one key ({keys})')
    raise UsageError(f'no person "{wanted}" in the grid directory (see `gridbot grid show`)')
