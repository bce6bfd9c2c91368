"""`gridbot keys check` and `gridbot keys rotate`: the secret key of the personal data.

The new key of a rotation comes from GRIDBOT_NEW_SECRET_KEY or is typed at a prompt that
does not echo it; it is never printed, logged or written anywhere but the database's
fingerprint (which does not reveal it).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.privacy import DataKeys
    from bot.register.rotation import Rotated

NEW_KEY_VARIABLE = "GRIDBOT_NEW_SECRET_KEY"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("keys", help="check or rotate the key of the personal data")
    actions = parser.add_subparsers(dest="keys_action", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check", help="check that the configured key is the one the stored data was sealed with"
    )
    check.set_defaults(handler=check_keys)
    rotate = actions.add_parser(
        "rotate",
        help=f"re-encrypt every stored number under a new key (from ${NEW_KEY_VARIABLE} or a "
        "prompt), in one transaction; stop the bot first",
    )
    rotate.set_defaults(handler=rotate_keys)


def check_keys(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.register.keys import data_keys

    settings = load_settings(args.config)
    asyncio.run(_check(settings, data_keys(settings)))
    print("secret key: it is the key the personal data in the database is stored with")
    return 0


def rotate_keys(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.privacy import DataKeys
    from bot.register.keys import data_keys

    settings = load_settings(args.config)
    old = data_keys(settings)
    new = DataKeys.from_secret(_new_secret())
    rotated = asyncio.run(_rotate(settings, old, new))
    print(
        f"re-encrypted the numbers of {rotated.tenants} tenants and {rotated.drafts} "
        "registrations in progress; the database now expects the new key."
    )
    print(
        "Set GRIDBOT_SECRET_KEY to the new key before the next start, and keep the old one "
        "until you have checked (`gridbot keys check`) and made a fresh backup."
    )
    return 0


def _new_secret() -> str:
    from bot.cli import UsageError
    from bot.privacy.crypto import MIN_SECRET_LENGTH

    secret = os.environ.get(NEW_KEY_VARIABLE, "").strip()
    if not secret:
        if not sys.stdin.isatty():
            raise UsageError(
                f"no new key: set {NEW_KEY_VARIABLE}, or run `gridbot keys rotate` in a "
                "terminal to type it (it is not shown)"
            )
        secret = getpass.getpass("new secret key (not shown): ").strip()
        if getpass.getpass("the same again: ").strip() != secret:
            raise UsageError("the two entries of the new key differ: nothing was changed")
    if len(secret) < MIN_SECRET_LENGTH:
        raise UsageError(
            f"the new key is too short ({len(secret)} characters); use at least "
            f"{MIN_SECRET_LENGTH} random characters, e.g. from "
            'python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    return secret


async def _check(settings: Settings, keys: DataKeys) -> None:
    from bot.clock import SystemClock
    from bot.commands.grid import _require_schema
    from bot.register.keys import check_data_keys
    from models.db import database, session_scope

    async with database(settings.database_url) as (engine, factory):
        await _require_schema(engine, settings.database_url)
        async with session_scope(factory) as session:
            await check_data_keys(session, keys=keys, now=SystemClock().now())


async def _rotate(settings: Settings, old: DataKeys, new: DataKeys) -> Rotated:
    from bot.clock import SystemClock
    from bot.commands.grid import _require_schema
    from bot.register.rotation import rotate_keys as rotate
    from models.db import database, session_scope

    async with database(settings.database_url) as (engine, factory):
        await _require_schema(engine, settings.database_url)
        async with session_scope(factory) as session:  # one transaction: all or nothing
            return await rotate(session, old=old, new=new, now=SystemClock().now())
