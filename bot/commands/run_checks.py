"""What `gridbot run` makes sure of before it starts: a migrated database with a grid in it,
and a configuration that names houses of that grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cli import UsageError

if TYPE_CHECKING:
    from bot.config import Settings


async def startup_checks(settings: Settings) -> None:
    """The schema is the newest, the secret key the one the data was sealed with, the grid
    loaded (UsageError, raised from the database's error when it cannot be reached)."""
    await check_schema(settings.database_url)
    await check_secret_key(settings)
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
    """On the first run (no landlord grid stored yet) load the configured directory; then
    the houses `[register.houses]` names must be among the stored ones."""
    from bot.register.houses import check_register_houses
    from models.crud.directory_sync import known_codes, sync_directory
    from models.db import create_engine, session_scope, sessionmaker

    engine = create_engine(settings.database_url)
    try:
        async with session_scope(sessionmaker(engine)) as session:
            if not (await known_codes(session)).landlord_grids:
                await sync_directory(session, directory=settings.directory)
            await check_register_houses(session, settings)
    finally:
        await engine.dispose()


async def check_secret_key(settings: Settings) -> None:
    """WrongSecretKey unless the configured key is the one the stored data was sealed with
    (MissingSecretKey without one); recorded the first time."""
    from bot.clock import SystemClock
    from bot.register.keys import check_data_keys, data_keys
    from models.db import database, session_scope

    keys = data_keys(settings)
    async with database(settings.database_url) as (_, factory), session_scope(factory) as session:
        await check_data_keys(session, keys=keys, now=SystemClock().now())
