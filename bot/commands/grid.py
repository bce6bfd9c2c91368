"""`gridbot grid import FILE` and `gridbot grid show`: the grid directory in the database."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.directory import Directory
    from models.crud.directory_sync import SyncStats


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("grid", help="the grid directory in the database")
    actions = parser.add_subparsers(dest="grid_action", required=True, metavar="ACTION")
    load = actions.add_parser(
        "import", help="add or update communities, grids and landlord grids from a file"
    )
    load.add_argument("file", metavar="FILE", help="TOML (like the config's [directory]) or CSV")
    load.set_defaults(handler=import_directory)
    show = actions.add_parser("show", help="print the grid tree with responsible people")
    show.set_defaults(handler=show_directory)


def import_directory(args: argparse.Namespace) -> int:
    from bot.config import load_settings

    settings = load_settings(args.config)
    stats = asyncio.run(_import(settings.database_url, args.file))
    print(f"{args.file}: {describe(stats)}")
    return 0


def show_directory(args: argparse.Namespace) -> int:
    from bot.commands.grid_text import tree_lines
    from bot.config import load_settings

    settings = load_settings(args.config)
    directory = asyncio.run(_stored(settings.database_url))
    lines = tree_lines(directory)
    print("\n".join(lines) if lines else "the grid directory is empty: see `gridbot grid import`")
    return 0


async def _import(url: str, file: str) -> SyncStats:
    from bot.directory import read_directory
    from models.crud.directory_sync import known_codes, sync_directory
    from models.db import database, session_scope

    async with database(url) as (engine, factory):
        await _require_schema(engine, url)
        async with session_scope(factory) as session:
            directory = read_directory(file, known=await known_codes(session))
            return await sync_directory(session, directory=directory)


async def _stored(url: str) -> Directory:
    from models.crud.directory_export import stored_directory
    from models.db import database, session_scope

    async with database(url) as (engine, factory):
        await _require_schema(engine, url)
        async with session_scope(factory) as session:
            return await stored_directory(session)


async def _require_schema(engine: AsyncEngine, url: str) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.cli import UsageError
    from bot.config import masked
    from models.migrate import failure_reason, schema_is_current

    try:
        current = await schema_is_current(engine)
    except (SQLAlchemyError, OSError) as error:
        reason = failure_reason(error)
        raise UsageError(f"cannot open the database {masked(url)}: {reason}") from error
    if not current:
        raise UsageError(f"the database {masked(url)} is not migrated: run `gridbot db upgrade`")


def describe(stats: SyncStats) -> str:
    if not stats.changed:
        return "already up to date, nothing changed"
    parts = [
        f"{verb} " + ", ".join(f"{n} {table}" for table, n in sorted(counts.items()))
        for verb, counts in (("created", stats.created), ("updated", stats.updated))
        if counts
    ]
    return "; ".join(parts)
