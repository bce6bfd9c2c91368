"""What `gridbot run` makes sure of before it starts: a migrated database with a grid in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cli import UsageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from bot.config import Settings


async def check_schema(url: str) -> None:
    """UsageError unless the database is at the newest migration."""
    from alembic.script import ScriptDirectory
    from sqlalchemy.exc import SQLAlchemyError

    from bot.config import masked
    from models.db import create_engine
    from models.migrate import alembic_config

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(_current_revisions)
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise UsageError(f"cannot open the database {masked(url)}: {reason}") from error
    finally:
        await engine.dispose()
    if current != heads:
        state = "has no schema" if not current else f"is at {', '.join(sorted(current))}"
        raise UsageError(
            f"the database {masked(url)} {state}, the code needs {', '.join(sorted(heads))}: "
            "run `gridbot db upgrade` first"
        )


def _current_revisions(connection: Connection) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())


async def load_directory_once(settings: Settings) -> None:
    """On the first run (no landlord grid stored yet) load the configured directory."""
    from models.crud.directory_sync import known_codes, sync_directory
    from models.db import create_engine, session_scope, sessionmaker

    engine = create_engine(settings.database_url)
    try:
        async with session_scope(sessionmaker(engine)) as session:
            if not (await known_codes(session)).landlord_grids:
                await sync_directory(session, directory=settings.directory)
    finally:
        await engine.dispose()
