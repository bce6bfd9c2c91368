"""`gridbot config check`: validate the configuration and print what it holds."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.config.settings import AccountSettings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("config", help="inspect the configuration")
    actions = parser.add_subparsers(dest="config_action", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="validate the configuration and print a summary")
    check.set_defaults(handler=check_config)


def check_config(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings

    settings = load_settings(args.config)
    houses = asyncio.run(checked_houses(settings))
    print("\n".join([*summary(settings), houses]))
    return 0


async def checked_houses(settings: Settings) -> str:
    """`[register.houses]` against the houses in the database, when there is one to read.

    ConfigError when a configured house is not in the database; a database that does not
    exist yet (or is not migrated) is not created here, only mentioned.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from bot.config import sqlite_file
    from bot.register.houses import check_register_houses
    from models.db import database, session_scope
    from models.migrate import failure_reason, schema_is_current

    configured = f"register: {len(settings.register.houses)} houses with their own settings"
    if not settings.register.houses:
        return configured
    file = sqlite_file(settings.database_url)
    if file is not None and not file.exists():
        return f"{configured}, not checked: the database does not exist yet"
    async with database(settings.database_url) as (engine, factory):
        try:
            current = await schema_is_current(engine)
        except (SQLAlchemyError, OSError) as error:
            return f"{configured}, not checked: {failure_reason(error)}"
        if not current:
            return f"{configured}, not checked: the database is not migrated"
        async with session_scope(factory) as session:
            await check_register_houses(session, settings)
    return f"{configured}, all in the database"


def summary(settings: Settings) -> list[str]:
    from bot.config import duration_text, masked
    from bot.config.operations import size_text

    followup, directory = settings.followup, settings.directory
    quiet = f"{followup.quiet_hours.start:%H:%M}-{followup.quiet_hours.end:%H:%M}"
    token = "set" if settings.wechaty.token else "not set; only `gridbot run` needs it"
    return [
        f"{settings.source}: OK",
        f"timezone: {settings.timezone.key}",
        f"database: {masked(settings.database_url)}",
        *(
            [
                f"transport: {settings.transport}",
                f"wechaty: {settings.wechaty.endpoint} (token {token})",
            ]
            if not settings.accounts
            else [account_line(account) for account in settings.accounts]
        ),
        f"web: http://{settings.web.host}:{settings.web.port}/",
        f"follow-up: {len(followup.kinds)} kinds with their own policy, quiet hours {quiet}, "
        f"confirmation timeout {duration_text(followup.confirmation_timeout)}",
        f"directory: {len(directory.communities)} communities, {len(directory.grids)} grids, "
        f"{len(directory.micro_grids)} micro-grids, {len(directory.landlord_grids)} landlord "
        f"grids, {len(directory.people)} people",
        f"secret key: {'set' if settings.secret_key else 'not set'}",
        f"journal: {settings.journal.path} ({size_text(settings.journal.size)}, holding reply "
        f"after {duration_text(settings.journal.hold_after)})",
        f"logging: {settings.logging.format}, {settings.logging.level}",
        f"retention: inbound log {duration_text(settings.retention.inbound_log)}",
    ]


def account_line(account: AccountSettings) -> str:
    """One `[[accounts]]` table in the summary: its channel and whether its secret is set."""
    if account.wechaty is not None:
        token = "set" if account.wechaty.token else "not set; only `gridbot run` needs it"
        detail = f": {account.wechaty.endpoint} (token {token})"
    elif account.wecom is not None:
        secret = "set" if account.wecom.secret else "not set; only `gridbot run` needs it"
        detail = f": robot {account.wecom.bot_id} at {account.wecom.url} (secret {secret})"
    else:
        detail = ""
    return f"account {account.name}: {account.channel}{detail}"
