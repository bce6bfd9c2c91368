"""Chatter from a known member of a bound group costs the session no statement at all.

Four in five group messages are chatter; they are answered from the pipeline's memory
(bot/cache) and their inbound rows wait for a batch (bot/dispatch/chatter_log.py); even
the change log is read on a connection of its own (models/change_reader.py), so no session
touches the database. A count of statements is deterministic: this pins the fast path
without timing anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.dispatch.pipeline import Outcome
from models.crud.people import person_by_contact, person_home
from tests.handlers.conftest import Bot

GROUP = "room-shima-10"


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(" ".join(str(args[2]).split()))

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


async def test_chatter_from_a_known_member_opens_no_transaction(bot: Bot) -> None:
    assert await bot.say(GROUP, "wxid_chenjing", "陈静", "大家早上好") is Outcome.IGNORED
    with statements(bot.app.engine) as seen:
        assert await bot.say(GROUP, "wxid_chenjing", "陈静", "今天好冷啊") is Outcome.IGNORED
        assert await bot.say(GROUP, "wxid_chenjing", "陈静", "哈哈") is Outcome.IGNORED
    assert seen == []  # the session never touched the database
    assert await bot.replies() == []


async def test_a_new_nickname_is_still_learned_on_the_next_message(bot: Bot) -> None:
    """The memory is not a reason to miss a change: a new display name is written."""
    await bot.say(GROUP, "wxid_newcomer", "小李", "大家好")
    with statements(bot.app.engine) as seen:
        await bot.say(GROUP, "wxid_newcomer", "10幢302-小李", "改了群昵称")
    assert any(s.startswith(("UPDATE person", "INSERT INTO person")) for s in seen)
    async with bot.app.sessions() as session:
        person = await person_by_contact(session, contact_id="wxid_newcomer")
        assert person is not None and person.name == "10幢302-小李" and person.id is not None
        home = await person_home(session, person_id=person.id)
        assert home is not None and home.room == "302"
