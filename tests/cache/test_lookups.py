"""The pipeline's remembered answers: filled once, dropped when any writer changes their key."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cache.feed import ChangeFeed, FeedPolicy, SessionOpener
from bot.cache.lookups import ContactFacts, Lookups
from models.change_reader import ChangeReader, Row, SqliteChangeReader, change_reader
from models.crud.dialogs import close_dialog, open_dialog
from models.crud.people import set_person_home
from models.db import create_engine, sessionmaker
from models.grid import LandlordGrid
from models.person import Person
from models.scratch import scratch_postgres_database
from tests.conftest import _postgres_server_url
from tests.factories import T0, make_landlord_grid, make_person


@contextmanager
def counted(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def _ask(
    engine: AsyncEngine, lookups: Lookups
) -> tuple[tuple[int, ...], ContactFacts | None, bool]:
    async with sessionmaker(engine)() as session, session.begin():
        db = opener(session)
        await lookups.catch_up(db, T0)
        grids = await lookups.grid_ids_of_chat(db, "room-1")
        contact = await lookups.contact(db, "wx-1")
        dialog = await lookups.has_dialog(db, "room-1", "wx-1", T0)
        return grids, contact, dialog


def opener(session: AsyncSession) -> SessionOpener:
    async def db() -> AsyncSession:
        return session

    return db


async def test_answers_come_from_memory_until_a_writer_changes_them(engine: AsyncEngine) -> None:
    lookups = Lookups()
    assert await _ask(engine, lookups) == ((), None, False)
    with counted(engine) as statements:
        assert await _ask(engine, lookups) == ((), None, False)
    assert len(statements) == 1  # only the change log

    # Another writer (a CLI import, another process): its own session and transaction.
    async with sessionmaker(engine)() as writer, writer.begin():
        grid = await make_landlord_grid(writer, group_chat="room-1")
        person = await make_person(writer, name="租客", contact_id="wx-1")
        assert grid.id is not None and person.id is not None
        await open_dialog(
            writer,
            chat_id="room-1",
            sender_id="wx-1",
            name="location",
            slots={},
            expires_at=T0 + timedelta(minutes=30),
        )
    grids, contact, dialog = await _ask(engine, lookups)
    assert grids == (grid.id,)
    assert contact == ContactFacts(person.id, None, "租客", "zh", has_home=False)
    assert dialog is True

    async with sessionmaker(engine)() as writer, writer.begin():
        await set_person_home(writer, person_id=person.id, landlord_grid_id=grid.id, room="301")
        await close_dialog(writer, chat_id="room-1", sender_id="wx-1")
        # A Core UPDATE, bypassing the ORM: the triggers see it all the same.
        await writer.exec(update(LandlordGrid).values(group_chat=None))
    grids, contact, dialog = await _ask(engine, lookups)
    assert grids == ()
    assert contact is not None and contact.has_home
    assert dialog is False


async def test_an_expired_dialog_counts_as_none_without_asking_again(engine: AsyncEngine) -> None:
    lookups = Lookups()
    async with sessionmaker(engine)() as writer, writer.begin():
        await open_dialog(
            writer, chat_id="room-1", sender_id="wx-1", name="x", slots={}, expires_at=T0
        )
    assert (await _ask(engine, lookups))[2] is False
    with counted(engine) as statements:
        assert (await _ask(engine, lookups))[2] is False
    assert len(statements) == 1


async def test_forget_drops_answers_read_from_writes_that_were_rolled_back(
    engine: AsyncEngine,
) -> None:
    lookups = Lookups()
    session = sessionmaker(engine)()
    async with session:
        transaction = await session.begin()
        await lookups.catch_up(opener(session), T0)
        await make_person(session, name="幽灵", contact_id="wx-1")
        assert await lookups.contact(opener(session), "wx-1") is not None  # read from its own write
        await transaction.rollback()
    lookups.forget()
    assert (await _ask(engine, lookups))[1] is None


async def test_a_long_silence_starts_over(engine: AsyncEngine) -> None:
    """Rows may have been pruned while nobody read the log: nothing cached is trusted."""
    clock = [0.0]
    lookups = Lookups(ChangeFeed(FeedPolicy(), monotonic=lambda: clock[0]))
    async with sessionmaker(engine)() as writer, writer.begin():
        await make_person(writer, name="租客", contact_id="wx-1")
    assert (await _ask(engine, lookups))[1] is not None
    async with sessionmaker(engine)() as writer, writer.begin():
        await writer.exec(update(LandlordGrid).values(group_chat=None))
        await writer.exec(update(Person).values(name="改名"))
    clock[0] += FeedPolicy().silence + 1
    from models.crud.changes import prune_changes

    async with sessionmaker(engine)() as pruner, pruner.begin():
        await prune_changes(pruner, before=T0 + timedelta(days=3650))  # every row gone
    contact = (await _ask(engine, lookups))[1]
    assert contact is not None and contact.name == "改名"


async def test_the_log_is_followed_on_a_connection_of_its_own(
    engine: AsyncEngine, db_url: str
) -> None:
    reader = change_reader(db_url)
    assert reader is not None
    lookups = Lookups(ChangeFeed(reader=reader))
    try:
        assert await _ask(engine, lookups) == ((), None, False)
        with counted(engine) as statements:
            assert await _ask(engine, lookups) == ((), None, False)
        assert statements == []  # the session never touched the database
        async with sessionmaker(engine)() as writer, writer.begin():
            person = await make_person(writer, name="租客", contact_id="wx-1")
        contact = (await _ask(engine, lookups))[1]
        assert contact is not None and contact.person_id == person.id
    finally:
        await lookups.close()


async def test_the_reader_says_when_it_cannot_answer(tmp_path: Path) -> None:
    """No change log there (yet), or no server: None, and the caller asks its session."""
    missing = SqliteChangeReader(tmp_path / "nothing-here.db")
    assert await missing.after(0, 10) is None and await missing.latest() is None
    await missing.close()
    nobody = change_reader("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    assert nobody is not None and await nobody.after(0, 10) is None
    await nobody.close()
    assert change_reader("sqlite+aiosqlite:///:memory:") is None


class CountingReader:
    """A reader that counts its reads of the log (wrapping the real one)."""

    def __init__(self, inner: ChangeReader) -> None:
        self.inner = inner
        self.reads = 0

    @property
    def pushes(self) -> bool:
        return self.inner.pushes

    @property
    def notified(self) -> int:
        return self.inner.notified

    async def after(self, seq: int, limit: int) -> list[Row] | None:
        self.reads += 1
        return await self.inner.after(seq, limit)

    async def among(self, seqs: list[int]) -> list[Row] | None:
        return await self.inner.among(seqs)

    async def latest(self) -> int | None:
        return await self.inner.latest()

    async def close(self) -> None:
        await self.inner.close()


@pytest.fixture
async def postgres_engine() -> AsyncIterator[tuple[AsyncEngine, str]]:
    async with scratch_postgres_database(_postgres_server_url(), prefix="gridbot_test") as url:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.create_all)
        try:
            yield engine, url
        finally:
            await engine.dispose()


@pytest.mark.postgres
async def test_postgresql_reads_the_log_only_after_a_write_a_notice_or_a_quiet_second(
    postgres_engine: tuple[AsyncEngine, str],
) -> None:
    engine, db_url = postgres_engine
    real = change_reader(db_url)
    assert real is not None
    reader, clock = CountingReader(real), [0.0]
    lookups = Lookups(ChangeFeed(FeedPolicy(), reader=reader, monotonic=lambda: clock[0]))
    try:
        async with sessionmaker(engine)() as writer, writer.begin():
            await make_person(writer, name="租客", contact_id="wx-1")
        assert (await _ask(engine, lookups))[1] is not None
        await _ask(engine, lookups)  # the first catch-ups read (and start listening)
        reads = reader.reads

        for _ in range(5):  # nothing committed, nothing heard: nothing read
            assert (await _ask(engine, lookups))[1] is not None
        assert reader.reads == reads

        async with sessionmaker(engine)() as writer, writer.begin():  # this process commits
            await writer.exec(update(Person).values(name="改名"))
        contact = (await _ask(engine, lookups))[1]
        assert contact is not None and contact.name == "改名"
        assert reader.reads == reads + 1

        # Another process writes (not through this process's sessions): its NOTIFY arrives.
        plain = make_url(db_url).set(drivername="postgresql").render_as_string(False)
        other = await asyncpg.connect(plain)
        try:
            heard = reader.notified
            await other.execute("UPDATE person SET name = '又改名'")
            async with asyncio.timeout(5):
                while reader.notified == heard:  # noqa: ASYNC110 (the reader has no event)
                    await asyncio.sleep(0.01)
        finally:
            await other.close()
        contact = (await _ask(engine, lookups))[1]
        assert contact is not None and contact.name == "又改名"

        reads = reader.reads
        await _ask(engine, lookups)
        assert reader.reads == reads  # quiet again
        clock[0] += FeedPolicy().max_quiet  # a notice may have been lost: read anyway
        await _ask(engine, lookups)
        assert reader.reads == reads + 1
    finally:
        await lookups.close()
