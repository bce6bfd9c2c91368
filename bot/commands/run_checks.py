"""What `gridbot run` makes sure of before it starts: a migrated database with a grid in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cli import UsageError

if TYPE_CHECKING:
    from bot.config import Settings


async def startup_checks(settings: Settings) -> None:
    """The schema is the newest and the grid is loaded (UsageError, raised from the
    database's error when it cannot be reached)."""
    await check_schema(settings.database_url)
    await load_directory_once(settings)


async def check_schema(url: str) -> None:
    """UsageError unless the database is at the newest migration."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.config import masked
    from models.db import create_engine
    from models.migrate import failure_reason, schema_revisions

    engine = create_engine(url)
    try:
        current, heads = await schema_revisions(engine)
    except (SQLAlchemyError, OSError) as error:
        raise UsageError(
            f"cannot open the database {masked(url)}: {failure_reason(error)}"
        ) from error
    finally:
        await engine.dispose()
    if current != heads:
        state = "has no schema" if not current else f"is at {', '.join(sorted(current))}"
        raise UsageError(
            f"the database {masked(url)} {state}, the code needs {', '.join(sorted(heads))}: "
            "run `gridbot db upgrade` first"
        )


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
