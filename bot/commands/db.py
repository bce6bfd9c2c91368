"""`gridbot db upgrade`: create or migrate the configured database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="manage the database")
    actions = parser.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade", help="create or migrate the database to the newest schema"
    )
    upgrade.add_argument("--revision", default="head", help="target revision (default: head)")
    upgrade.set_defaults(handler=upgrade_database)
    revision = actions.add_parser(
        "revision", help="(developers) write a migration for what the models changed"
    )
    revision.add_argument("message", help="what the migration does, e.g. 'add person_away'")
    revision.add_argument("--rev-id", help="revision id (default: generated)")
    revision.set_defaults(handler=write_revision)


def upgrade_database(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.cli import UsageError
    from bot.config import load_settings, masked
    from models.migrate import failure_reason, upgrade

    settings = load_settings(args.config)
    try:
        upgrade(settings.database_url, args.revision)
    except (SQLAlchemyError, OSError) as error:
        reason = failure_reason(error)
        raise UsageError(f"cannot migrate {masked(settings.database_url)}: {reason}") from error
    print(f"database {masked(settings.database_url)}: migrated to {args.revision}")
    if args.revision == "head":
        print(f"secret key: {_recorded_key(settings)}")
    return 0


def _recorded_key(settings: Settings) -> str:
    """The personal data's key checked (recorded the first time), or why not."""
    import asyncio

    from bot.commands.run_checks import check_secret_key
    from bot.register.keys import MissingSecretKey, WrongSecretKey

    try:
        asyncio.run(check_secret_key(settings))
    except MissingSecretKey:
        return "not set; `gridbot run` needs one (see README: the secret key)"
    except WrongSecretKey as error:
        raise WrongSecretKey(f"the database is migrated, but {error}") from None
    return "checked: the personal data in the database is stored with it"


def write_revision(args: argparse.Namespace) -> int:
    from models.migrate import autogenerate

    path = autogenerate(args.message, rev_id=args.rev_id)
    print(f"wrote {path}: review it before committing")
    return 0
