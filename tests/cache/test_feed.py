"""The change feed on PostgreSQL, where sequence numbers may become visible out of order."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import func, select

from bot.cache.feed import ChangeFeed, FeedPolicy
from models.changes import Change
from models.crud.changes import prune_changes
from models.db import sessionmaker
from tests.cache.test_lookups import opener
from tests.factories import T0, make_person


async def _catch_up(engine: AsyncEngine, feed: ChangeFeed) -> list[tuple[str, str]] | None:
    async with sessionmaker(engine)() as session, session.begin():
        return await feed.catch_up(opener(session), T0)


def _postgres_only(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: its sequence numbers become visible in order")


async def test_a_change_committed_after_a_later_one_is_not_missed(engine: AsyncEngine) -> None:
    _postgres_only(engine)
    feed = ChangeFeed()
    assert await _catch_up(engine, feed) is None  # a new feed starts at the end of the log
    slow = sessionmaker(engine)()
    async with slow:
        await slow.begin()
        await make_person(slow, name="慢", contact_id="wx-slow")  # takes the lower seq
        async with sessionmaker(engine)() as fast, fast.begin():
            await make_person(fast, name="快", contact_id="wx-fast")
        assert await _catch_up(engine, feed) == [("contact", "wx-fast")]
        await slow.commit()
    assert await _catch_up(engine, feed) == [("contact", "wx-slow")]
    assert await _catch_up(engine, feed) == []


async def test_a_rolled_back_gap_is_given_up_and_nothing_is_told_twice(
    engine: AsyncEngine,
) -> None:
    _postgres_only(engine)
    clock = [0.0]
    feed = ChangeFeed(FeedPolicy(gap_patience=5), monotonic=lambda: clock[0])
    await _catch_up(engine, feed)
    lost = sessionmaker(engine)()
    async with lost:
        await lost.begin()
        await make_person(lost, name="撤回", contact_id="wx-lost")
        await lost.rollback()
    async with sessionmaker(engine)() as writer, writer.begin():
        await make_person(writer, name="甲", contact_id="wx-a")
    assert await _catch_up(engine, feed) == [("contact", "wx-a")]
    clock[0] += 10  # past the patience: the missing number is not waited for any more
    assert await _catch_up(engine, feed) == []
    async with sessionmaker(engine)() as writer, writer.begin():
        await make_person(writer, name="乙", contact_id="wx-b")
    assert await _catch_up(engine, feed) == [("contact", "wx-b")]
    assert await _catch_up(engine, feed) == []


async def test_the_log_is_pruned_as_it_is_read(engine: AsyncEngine) -> None:
    clock = [1000.0]
    feed = ChangeFeed(FeedPolicy(prune_every=60), monotonic=lambda: clock[0])
    async with sessionmaker(engine)() as writer, writer.begin():
        await make_person(writer, name="甲", contact_id="wx-a")
    async with sessionmaker(engine)() as session, session.begin():
        # "now" far ahead: every row is older than what the log keeps
        await feed.catch_up(opener(session), T0.replace(year=2099))
    async with sessionmaker(engine)() as session:
        assert (await session.exec(select(func.count()).select_from(Change))).one() == 0


async def test_a_log_pruned_empty_does_not_look_like_a_million_skipped_numbers(
    engine: AsyncEngine,
) -> None:
    """An empty log says its last number is 0 while the next one is much higher: the feed
    starts over once instead of waiting for every number in between."""
    feed = ChangeFeed(FeedPolicy(max_missing=10))
    async with sessionmaker(engine)() as writer, writer.begin():
        for n in range(20):
            await make_person(writer, name=f"人{n}", contact_id=f"wx-{n}")
    async with sessionmaker(engine)() as pruner, pruner.begin():
        await prune_changes(pruner, before=T0.replace(year=2099))
    assert await _catch_up(engine, feed) is None  # a new feed, on an empty log
    async with sessionmaker(engine)() as writer, writer.begin():
        await make_person(writer, name="新人", contact_id="wx-new")
    assert await _catch_up(engine, feed) is None  # starts over: forget everything once
    async with sessionmaker(engine)() as writer, writer.begin():
        await make_person(writer, name="又一个", contact_id="wx-next")
    assert await _catch_up(engine, feed) == [("contact", "wx-next")]
