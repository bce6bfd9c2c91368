"""Joins go through the pipeline: one transaction, the outbox, the error boundary."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.chat import MemberJoin
from bot.clock import FrozenClock
from bot.dispatch.dispatcher import Dispatcher
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.outbound import Outbound, ToGroup
from bot.dispatch.pipeline import Outcome, Pipeline
from bot.dispatch.router import Router
from bot.render import TEMPLATES_DIR, Renderer
from bot.transport import memory
from models.db import sessionmaker
from models.messaging import Outbox
from tests.factories import T0

TEMPLATES = Path(__file__).resolve().parents[1] / "dispatch" / "templates"


def pipeline(engine: AsyncEngine, *handlers: Callable[[MemberJoin], list[Outbound]]) -> Pipeline:
    router = Router("joins")
    for handler in handlers:
        router.join()(handler)
    return Pipeline(
        sessions=sessionmaker(engine),
        dispatcher=Dispatcher([router]),
        enqueuer=Enqueuer(Renderer(TEMPLATES, TEMPLATES_DIR)),
        clock=FrozenClock(T0),
    )


def greet(join: MemberJoin) -> list[Outbound]:
    names = ", ".join(join.member_names)
    return [Outbound("echo", ToGroup(join.chat_id), {"name": "bot", "text": names})]


def explode(join: MemberJoin) -> list[Outbound]:
    raise RuntimeError(f"boom in {join.chat_id}")


async def outbox(engine: AsyncEngine) -> list[str]:
    async with sessionmaker(engine)() as session:
        return [row.chat_id for row in (await session.exec(select(Outbox))).all()]


async def test_a_join_handlers_messages_are_queued(engine: AsyncEngine) -> None:
    join = memory.member_join(chat_id="room-1", members={"a": "A", "b": "B"})
    outcome = await pipeline(engine, greet).handle_join(join)
    assert outcome is Outcome.HANDLED
    assert await outbox(engine) == ["room-1"]


async def test_a_failing_join_handler_is_logged_and_its_siblings_work_is_rolled_back(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    join = memory.member_join(chat_id="room-2", members={"a": "A"})
    with caplog.at_level(logging.ERROR):
        outcome = await pipeline(engine, greet, explode).handle_join(join)
    assert outcome is Outcome.FAILED
    assert "handling the join in room-2 failed" in caplog.text
    assert await outbox(engine) == []
