"""`gridbot login-link PERSON`: a one-time link into the staff console, printed on the server.

How the first administrator signs in (everyone else asks the bot for one in chat). The link
works once, for `[console] link_lifetime` (10 minutes); only its hash is stored.
`gridbot login-link PERSON --sign-out-everywhere` ends every console session of the person
instead (a lost phone).
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings

_WHY = {
    "not_in_directory": "is not a directory person",
    "no_scope": "looks after no community, grid, micro-grid or house in the directory",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "login-link", help="print a one-time link that signs a person in to the staff console"
    )
    parser.add_argument("person", metavar="PERSON", help="the person's directory key or name")
    parser.add_argument(
        "--sign-out-everywhere",
        action="store_true",
        help="end every console session of the person instead",
    )
    parser.set_defaults(handler=login_link)


def login_link(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.config import load_settings

    settings = load_settings(args.config)
    now = SystemClock().now()
    if args.sign_out_everywhere:
        name, ended = asyncio.run(_sign_out(settings, args.person, now))
        print(f"ended {ended} console session(s) of {name}")
        return 0
    url, name, key, expires = asyncio.run(issue(settings, args.person, now))
    local = expires.astimezone(settings.timezone).strftime("%Y-%m-%d %H:%M")
    print(f"login link for {name} ({key}):")
    print(url)
    print(f"valid until {local} ({settings.timezone.key}), once. Only a hash is stored.")
    return 0


async def issue(settings: Settings, person: str, now: datetime) -> tuple[str, str, str, datetime]:
    """The link, the person's name and key, and when the link expires."""
    from bot.cli import UsageError
    from bot.commands.grid import _require_schema
    from bot.commands.invite import find_person
    from bot.console.login import LoginRefused, issue_login_link
    from models.db import database, session_scope

    async with database(settings.database_url) as (engine, factory):
        await _require_schema(engine, settings.database_url)
        async with session_scope(factory) as session:
            found = await find_person(session, person)
            try:
                link = await issue_login_link(
                    session, person=found, now=now, lifetime=settings.console.link_lifetime
                )
            except LoginRefused as refused:
                raise UsageError(f'"{found.name}" {_WHY[refused.reason.value]}') from None
            url = link.url(settings.register.public_url)
            return url, found.name, found.key or person, link.expires_at


async def _sign_out(settings: Settings, person: str, now: datetime) -> tuple[str, int]:
    from bot.commands.grid import _require_schema
    from bot.commands.invite import find_person
    from bot.console.sessions import sign_out_everywhere
    from models.db import database, session_scope

    async with database(settings.database_url) as (engine, factory):
        await _require_schema(engine, settings.database_url)
        async with session_scope(factory) as session:
            found = await find_person(session, person)
            ended = await sign_out_everywhere(session, person_id=found.id or 0, now=now)
            return found.name, ended
