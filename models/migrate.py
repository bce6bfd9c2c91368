"""Alembic driven from code: the scripts ship inside the package, so any cwd works."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

SCRIPT_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_DIR))
    # ConfigParser treats "%" as interpolation; URLs may carry percent-escapes.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` (blocking; runs its own event loop)."""
    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """The same from async code: the migration's event loop runs in a worker thread."""
    await asyncio.to_thread(upgrade, url, revision)


async def schema_revisions(engine: AsyncEngine) -> tuple[set[str], set[str]]:
    """The database's current revisions and the newest ones shipped with this version."""
    heads = set(ScriptDirectory(str(SCRIPT_DIR)).get_heads())

    def current(connection: Connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    async with engine.connect() as connection:
        return await connection.run_sync(current), heads


async def schema_is_current(engine: AsyncEngine) -> bool:
    """Whether the database is migrated to the newest revision shipped with this version."""
    current, heads = await schema_revisions(engine)
    return current == heads


def failure_reason(error: BaseException) -> str:
    """The first line of what the driver said (SQLAlchemy keeps it in `orig`), for messages."""
    return str(getattr(error, "orig", None) or error).splitlines()[0]


def autogenerate(message: str, *, rev_id: str | None = None) -> Path:
    """Write a new revision holding what the models have and the migrations lack.

    It compares against a scratch SQLite database migrated to the current head, so no
    configured database is needed; the script is then tidied with ruff when available.
    """
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'scratch.db'}"
        upgrade(url)
        script = command.revision(alembic_config(url), message, autogenerate=True, rev_id=rev_id)
    if not isinstance(script, Script):
        raise RuntimeError("alembic wrote no single revision")
    path = Path(script.path)
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is not None:
        subprocess.run([ruff, "check", "--fix", "-q", str(path)], check=False)
        subprocess.run([ruff, "format", "-q", str(path)], check=False)
    return path
