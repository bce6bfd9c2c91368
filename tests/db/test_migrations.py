"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import models
from models.db import create_engine
from models.migrate import SCRIPT_DIR, schema_is_current, upgrade_async


def differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


async def test_the_migrated_schema_equals_the_models(db_url: str) -> None:
    await upgrade_async(db_url)
    engine = create_engine(db_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert set(SQLModel.metadata.tables) <= tables
        assert await schema_is_current(engine)
    finally:
        await engine.dispose()


async def test_upgrading_twice_changes_nothing(db_url: str) -> None:
    await upgrade_async(db_url)
    await upgrade_async(db_url)
    engine = create_engine(db_url)
    try:
        assert await schema_is_current(engine)
    finally:
        await engine.dispose()


async def test_an_empty_database_is_not_current(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        assert not await schema_is_current(engine)
    finally:
        await engine.dispose()


def test_the_migrations_ship_inside_the_package() -> None:
    assert (SCRIPT_DIR / "env.py").is_file()
    assert (SCRIPT_DIR / "script.py.mako").is_file()
    assert (SCRIPT_DIR / "versions" / "0001_initial.py").is_file()
    assert Path(models.__file__).parent == SCRIPT_DIR.parent


@pytest.mark.parametrize("url", ["sqlite+aiosqlite:///{tmp}/a/b/gridbot.db"])
async def test_the_sqlite_directory_is_created(url: str, tmp_path: Path) -> None:
    await upgrade_async(url.format(tmp=tmp_path))
    assert (tmp_path / "a" / "b" / "gridbot.db").is_file()
