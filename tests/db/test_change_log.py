"""The database logs every write of the cached tables, whoever writes (ORM or Core)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import Table, insert, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, col, delete, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.binding import GroupBinding
from models.changes import Change
from models.crud.changes import changes_after, latest_change, prune_changes
from models.crud.dialogs import close_dialog, open_dialog, purge_expired_dialogs
from models.db import create_engine, sessionmaker
from models.grid import LandlordGrid
from models.messaging import Dialog
from models.migrate import alembic_config, upgrade_async
from models.person import Person, PersonHome
from models.scratch import scratch_postgres_database
from tests.factories import T0, make_landlord_grid, make_person

Key = tuple[str, str]
_TABLE: Table = Change.__table__  # type: ignore[attr-defined]
BEFORE_CHANGE_LOG = "798877e83d8a"


class Log:
    """The (area, key) rows logged since the last look."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.seen = 0

    async def new(self) -> list[Key]:
        rows = await changes_after(self.session, seq=self.seen)
        if rows:
            self.seen = rows[-1][0]
        return [(area, key) for _seq, area, key in rows]


async def test_person_writes_log_their_contact(session: AsyncSession) -> None:
    log = Log(session)
    a = await make_person(session, name="甲", contact_id="wx_a")
    await make_person(session, name="乙", contact_id="wx_b")
    nobody = await make_person(session, name="丙")
    assert await log.new() == [("contact", "wx_a"), ("contact", "wx_b")]

    a.name = "甲甲"  # nothing a key depends on: still logged, once
    session.add(a)
    await session.flush()
    assert await log.new() == [("contact", "wx_a")]

    a.contact_id = "wx_a2"
    session.add(a)
    await session.flush()
    assert await log.new() == [("contact", "wx_a"), ("contact", "wx_a2")]

    await session.exec(update(Person).where(col(Person.id) == nobody.id).values(name="丁"))
    assert await log.new() == []
    await session.exec(update(Person).values(lang="en"))
    assert sorted(await log.new()) == [("contact", "wx_a2"), ("contact", "wx_b")]

    await session.exec(update(Person).where(col(Person.id) == a.id).values(contact_id=None))
    assert await log.new() == [("contact", "wx_a2")]
    await session.exec(update(Person).where(col(Person.id) == nobody.id).values(contact_id="wx_c"))
    assert await log.new() == [("contact", "wx_c")]

    await session.exec(delete(Person).where(col(Person.contact_id) == "wx_b"))
    assert await log.new() == [("contact", "wx_b")]
    await session.delete(nobody)
    await session.flush()
    assert await log.new() == [("contact", "wx_c")]


async def test_person_home_writes_log_the_contact_of_its_person(session: AsyncSession) -> None:
    grid = await make_landlord_grid(session)
    a = await make_person(session, name="甲", contact_id="wx_a")
    b = await make_person(session, name="乙", contact_id="wx_b")
    unlinked = await make_person(session, name="丙")
    assert grid.id and a.id and b.id and unlinked.id
    log = Log(session)
    await log.new()

    home = PersonHome(person_id=a.id, landlord_grid_id=grid.id, room="301")
    session.add(home)
    session.add(PersonHome(person_id=unlinked.id, landlord_grid_id=grid.id))
    await session.flush()
    assert await log.new() == [("contact", "wx_a")]

    home.room = "302"
    session.add(home)
    await session.flush()
    assert await log.new() == [("contact", "wx_a")]

    await session.exec(
        update(PersonHome).where(col(PersonHome.person_id) == a.id).values(person_id=b.id)
    )
    assert await log.new() == [("contact", "wx_a"), ("contact", "wx_b")]

    await session.exec(delete(PersonHome))
    assert await log.new() == [("contact", "wx_b")]


async def test_landlord_grid_writes_log_the_group_chat(session: AsyncSession) -> None:
    log = Log(session)
    grid = await make_landlord_grid(session, group_chat="room-1")
    unbound = await make_landlord_grid(session)
    assert await log.new() == [("chat", "room-1")]  # the leaders have no contact

    grid.name = "新名"
    session.add(grid)
    await session.flush()
    assert await log.new() == [("chat", "room-1")]

    await session.exec(
        update(LandlordGrid).where(col(LandlordGrid.id) == grid.id).values(group_chat="room-2")
    )
    assert await log.new() == [("chat", "room-1"), ("chat", "room-2")]
    await session.exec(
        update(LandlordGrid).where(col(LandlordGrid.id) == unbound.id).values(name="无群")
    )
    assert await log.new() == []
    await session.exec(
        update(LandlordGrid).where(col(LandlordGrid.id) == unbound.id).values(group_chat="room-3")
    )
    assert await log.new() == [("chat", "room-3")]

    await session.exec(delete(LandlordGrid).where(col(LandlordGrid.id) == grid.id))
    assert await log.new() == [("chat", "room-2")]


async def test_group_binding_writes_log_the_chat(session: AsyncSession) -> None:
    grid = await make_landlord_grid(session)
    assert grid.id is not None
    log = Log(session)
    binding = GroupBinding(chat_id="room-1", landlord_grid_id=grid.id, bound_at=T0)
    session.add(binding)
    await session.flush()
    assert await log.new() == [("chat", "room-1")]

    binding.unbound_at = T0 + timedelta(days=1)
    session.add(binding)
    await session.flush()
    assert await log.new() == [("chat", "room-1")]

    await session.exec(update(GroupBinding).values(chat_id="room-2"))
    assert await log.new() == [("chat", "room-1"), ("chat", "room-2")]

    await session.exec(delete(GroupBinding))
    assert await log.new() == [("chat", "room-2")]


async def test_dialog_writes_log_chat_and_sender(session: AsyncSession) -> None:
    log = Log(session)
    key = ("dialog", "room-1\x1fwx_a")
    await open_dialog(
        session, chat_id="room-1", sender_id="wx_a", name="q", slots={}, expires_at=T0
    )
    assert await log.new() == [key]
    await open_dialog(
        session, chat_id="room-1", sender_id="wx_a", name="q2", slots={"n": 1}, expires_at=T0
    )
    assert await log.new() == [key]

    await session.exec(update(Dialog).values(sender_id="wx_b"))
    assert await log.new() == [key, ("dialog", "room-1\x1fwx_b")]

    await close_dialog(session, chat_id="room-1", sender_id="wx_b")
    assert await log.new() == [("dialog", "room-1\x1fwx_b")]
    await open_dialog(session, chat_id="r", sender_id="s", name="q", slots={}, expires_at=T0)
    await log.new()
    assert await purge_expired_dialogs(session, now=T0) == 1
    assert await log.new() == [("dialog", "r\x1fs")]


async def test_seqs_increase_and_a_pruned_seq_is_never_reused(session: AsyncSession) -> None:
    assert await latest_change(session) == 0
    await make_person(session, contact_id="wx_a")
    await make_person(session, contact_id="wx_b")
    rows = await changes_after(session, seq=0)
    assert [seq for seq, _, _ in rows] == sorted({seq for seq, _, _ in rows})
    assert await changes_after(session, seq=rows[0][0], limit=5) == rows[1:]
    assert await changes_after(session, seq=0, limit=1) == rows[:1]
    last = await latest_change(session)
    assert last == rows[-1][0]
    await session.commit()

    assert await prune_changes(session, before=datetime.now(UTC) + timedelta(days=1)) == 2
    await session.commit()
    assert await changes_after(session, seq=0) == []
    await make_person(session, contact_id="wx_c")
    await session.commit()
    [(seq, area, key)] = await changes_after(session, seq=0)
    assert seq > last and (area, key) == ("contact", "wx_c")


async def test_a_rolled_back_write_logs_nothing(engine: AsyncEngine) -> None:
    factory = sessionmaker(engine)
    async with factory() as session:
        await make_person(session, contact_id="wx_a")
        assert await changes_after(session, seq=0) == [(1, "contact", "wx_a")]
        await session.rollback()
    async with factory() as session:
        assert await changes_after(session, seq=0) == []
        assert await latest_change(session) == 0


async def test_prune_deletes_only_older_changes(session: AsyncSession) -> None:
    connection = await session.connection()
    await connection.execute(
        insert(_TABLE),
        [
            {"area": "chat", "key": "old", "at": T0},
            {"area": "chat", "key": "edge", "at": T0 + timedelta(hours=1)},
            {"area": "chat", "key": "newer", "at": T0 + timedelta(hours=2)},
        ],
    )
    await make_person(session, contact_id="wx_now")  # stamped by the database: now
    assert await prune_changes(session, before=T0 + timedelta(hours=1)) == 1
    assert await prune_changes(session, before=datetime.now(UTC) - timedelta(minutes=5)) == 2
    assert [(a, k) for _, a, k in await changes_after(session, seq=0)] == [("contact", "wx_now")]
    [at] = (await connection.execute(_TABLE.select().with_only_columns(_TABLE.c.at))).scalars()
    assert abs(at - datetime.now(UTC)) < timedelta(minutes=5)


# The migration --------------------------------------------------------------------------


def triggers(connection: Connection) -> list[tuple[str, ...]]:
    """Every trigger (and its function on PostgreSQL) as the database describes it."""
    if connection.dialect.name == "postgresql":
        query = (
            "SELECT t.tgname, pg_get_triggerdef(t.oid), p.prosrc FROM pg_trigger t"
            " JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal ORDER BY t.tgname"
        )
    else:
        query = "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    return [tuple(row) for row in connection.execute(text(query))]


def functions(connection: Connection) -> list[str]:
    if connection.dialect.name != "postgresql":
        return []
    query = "SELECT proname FROM pg_proc WHERE proname LIKE 'change_log%' ORDER BY proname"
    return list(connection.execute(text(query)).scalars())


@asynccontextmanager
async def another_database(db_url: str, tmp_path: Path) -> AsyncIterator[str]:
    if db_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{tmp_path / 'other' / 'gridbot.db'}"
        return
    async with scratch_postgres_database(db_url, prefix="gridbot_test") as url:
        yield url


async def test_the_migration_and_the_models_make_the_same_triggers(
    db_url: str, tmp_path: Path
) -> None:
    await upgrade_async(db_url)
    migrated = create_engine(db_url)
    async with another_database(db_url, tmp_path) as other_url:
        created = create_engine(other_url)
        try:
            async with created.begin() as connection:
                await connection.run_sync(SQLModel.metadata.create_all)
            async with migrated.connect() as a, created.connect() as b:
                expected = await a.run_sync(triggers)
                assert len(expected) == (6 if migrated.dialect.name == "postgresql" else 15)
                assert await b.run_sync(triggers) == expected
        finally:
            await created.dispose()
            await migrated.dispose()


async def test_the_downgrade_removes_the_triggers_and_the_table(db_url: str) -> None:
    await upgrade_async(db_url)
    engine = create_engine(db_url)
    try:
        async with sessionmaker(engine)() as session:
            await make_person(session, contact_id="wx_a")
            assert [(a, k) for _, a, k in await changes_after(session, seq=0)] == [
                ("contact", "wx_a")
            ]
            await session.commit()
        await engine.dispose()  # SQLite: no connection holding the schema while it changes

        await asyncio.to_thread(command.downgrade, alembic_config(db_url), BEFORE_CHANGE_LOG)

        async with engine.connect() as connection:
            assert await connection.run_sync(triggers) == []
            assert await connection.run_sync(functions) == []
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
            assert "change_log" not in tables
        # The person table as it was then (today's model may have columns added since).
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO person (contact_id, name, lang, roles, created_at)"
                    " VALUES ('wx_b', '王建国', 'zh', '[]', :at)"
                ),
                {"at": T0},
            )
            await connection.execute(
                text("UPDATE person SET contact_id = 'wx_c' WHERE contact_id = 'wx_b'")
            )
            await connection.execute(text("DELETE FROM person WHERE contact_id = 'wx_c'"))

        await upgrade_async(db_url)  # and back up again, from a database that had it before
        async with sessionmaker(engine)() as session:
            await make_person(session, contact_id="wx_d")
            assert [(a, k) for _, a, k in await changes_after(session, seq=0)] == [
                ("contact", "wx_d")
            ]
    finally:
        await engine.dispose()
