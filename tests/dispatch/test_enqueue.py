"""Outbound data rendered into the outbox: recipient language, a key that queues once."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.config import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.dispatch.outbound import Outbound, ToGroup, ToPerson
from bot.render import Renderer
from models.db import sessionmaker
from models.messaging import Outbox

from .conftest import REPO, START, TEST_TEMPLATES

ECHO = {"name": "N", "text": "t"}


async def test_each_recipient_reads_its_own_language_and_a_key_queues_once(
    engine: AsyncEngine, settings: Settings
) -> None:
    enqueuer = Enqueuer(Renderer(TEST_TEMPLATES, REPO / "templates"), default_lang="zh")
    outbounds = [
        Outbound("echo", ToPerson("wxid_nattapong"), ECHO),  # registered as English
        Outbound("echo", ToPerson("wxid_stranger"), ECHO),  # unknown: the default
        Outbound("echo", ToPerson("wxid_nattapong", lang="zh"), ECHO),  # the handler decides
        Outbound("echo", ToGroup("room-shima-10", ("wxid_chenjing",), lang="en"), ECHO),
    ]
    sessions = sessionmaker(engine)
    async with sessions() as session, session.begin():
        first = await enqueuer.enqueue(session, outbounds, now=START, key="followup-7")
    async with sessions() as session, session.begin():
        again = await enqueuer.enqueue(session, outbounds, now=START, key="followup-7")

    async with sessions() as session:
        rows = (await session.exec(select(Outbox).order_by(col(Outbox.id)))).all()
    assert (first, again) == (4, 0)
    assert [row.text for row in rows] == [
        "Got it, N: t",
        "收到，N：t",
        "收到，N：t",
        "Got it, N: t",
    ]
    assert [row.mention_ids for row in rows] == [[], [], [], ["wxid_chenjing"]]
    assert [row.chat_kind for row in rows] == ["direct", "direct", "direct", "group"]
