"""Which database errors count as an outage (the message waits) and which as a fault of the
message (it is recorded as failed): each produced for real, not constructed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import jinja2
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bot.render import Renderer
from models.db import create_engine, sessionmaker
from models.outage import is_outage
from models.person import Person
from tests.conftest import _postgres_server_url
from tests.small_disk import SmallDisk
from tests.tcp_proxy import TcpProxy


async def _error_of(engine: AsyncEngine, *statements: str) -> BaseException:
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    except Exception as error:
        return error
    raise AssertionError(f"{statements} did not fail")


async def _schema(url: str) -> AsyncEngine:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    return engine


BIG_ROW = "INSERT INTO inbound_message (platform, message_id, chat_id, sender_id, text, received_at) VALUES ('t', hex(randomblob(16)), 'c', 's', hex(randomblob(200000)), CURRENT_TIMESTAMP)"  # noqa: E501


async def test_a_full_disk_under_sqlite_is_an_outage(small_disk: SmallDisk) -> None:
    engine = await _schema(f"sqlite+aiosqlite:///{small_disk.path / 'gridbot.db'}")
    small_disk.fill()

    error = await _error_of(engine, *[BIG_ROW] * 10)
    await engine.dispose()

    assert "database or disk is full" in str(error) or "disk I/O error" in str(error)
    assert is_outage(error)


async def test_sqlites_own_database_full_is_the_same_class(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "capped.db")
    connection.execute("CREATE TABLE t (x BLOB)")
    connection.execute("PRAGMA max_page_count = 8")  # SQLITE_FULL from SQLite itself
    with pytest.raises(sqlite3.OperationalError) as failed:
        connection.execute("INSERT INTO t VALUES (randomblob(100000))")
    connection.close()

    assert "database or disk is full" in str(failed.value)
    assert is_outage(failed.value)


async def test_a_read_only_file_system_under_sqlite_is_an_outage(small_disk: SmallDisk) -> None:
    engine = await _schema(f"sqlite+aiosqlite:///{small_disk.path / 'gridbot.db'}")
    await engine.dispose()
    small_disk.read_only()
    try:
        engine = create_engine(f"sqlite+aiosqlite:///{small_disk.path / 'gridbot.db'}")
        error = await _error_of(engine, BIG_ROW)
        await engine.dispose()
    finally:
        small_disk.writable()

    assert is_outage(error), error


async def test_a_database_file_whose_directory_is_gone_is_an_outage(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError) as failed:
        sqlite3.connect(f"file:{tmp_path / 'gone' / 'gridbot.db'}?mode=rw", uri=True)

    assert is_outage(failed.value)


async def test_a_broken_rule_or_a_missing_template_is_not_an_outage(tmp_path: Path) -> None:
    engine = await _schema(f"sqlite+aiosqlite:///{tmp_path / 'gridbot.db'}")
    session = sessionmaker(engine)()
    session.add_all([Person(name="甲", contact_id="wx-1"), Person(name="乙", contact_id="wx-1")])
    with pytest.raises(IntegrityError) as duplicate:
        await session.commit()
    await session.close()
    await engine.dispose()
    with pytest.raises(jinja2.TemplateNotFound) as missing:  # an OSError subclass
        Renderer().render("no_such_template", {}, "zh")

    assert not is_outage(duplicate.value)
    assert not is_outage(missing.value)
    assert not is_outage(ValueError("a handler's own bug"))


@pytest.mark.postgres
async def test_postgresql_away_cut_or_read_only_is_an_outage_a_bad_statement_is_not() -> None:
    from models.scratch import scratch_postgres_database

    server = _postgres_server_url()
    async with (
        scratch_postgres_database(server, prefix="gridbot_test") as url,
        TcpProxy.before(url) as proxy,
    ):
        engine = create_engine(proxy.url(url))
        errors = await _postgres_errors(engine, proxy)

    syntax, read_only, cut, refused = errors
    assert not is_outage(syntax)
    assert is_outage(read_only)  # a standby after a failover answers so
    assert is_outage(cut), cut
    assert isinstance(cut, DBAPIError | OSError)
    assert is_outage(refused), refused


async def _postgres_errors(engine: AsyncEngine, proxy: TcpProxy) -> list[BaseException]:
    try:
        syntax = await _error_of(engine, "SELEC 1")
        read_only = await _error_of(engine, "SET TRANSACTION READ ONLY", "CREATE TABLE t (x int)")
        async with engine.connect() as connection:  # a pooled connection, then the cut
            await connection.execute(text("SELECT 1"))
        await proxy.cut()
        cut = await _error_of(engine, "SELECT 1")
        refused = await _error_of(engine, "SELECT 1")
        return [syntax, read_only, cut, refused]
    finally:
        await engine.dispose()
