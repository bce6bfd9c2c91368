"""The outer middleware: record, handle once, store and announce together, one error boundary."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Delivery, Inbound
from bot.clock import Clock
from bot.config import Settings
from bot.directory import Directory
from bot.dispatch.outbound import Outbound, ToPerson, reply
from bot.dispatch.participants import Chat, Sender
from bot.dispatch.pipeline import Outcome
from bot.dispatch.router import Router
from bot.kinds import Kind
from bot.nlu import parse
from bot.nlu.reading import Reading
from bot.transport import memory
from models.db import sessionmaker
from models.messaging import InboundMessage, Outbox
from models.person import Person

from .conftest import BotFactory

GROUP = "room-shima-10"


def from_tenant(text: str, **extra: Any) -> Inbound:
    """Chen Jing, a tenant of the demo directory (Chinese)."""
    return memory.group_message(
        text, chat_id=GROUP, sender_id="wxid_chenjing", sender_name="陈静", **extra
    )


def from_nattapong(text: str) -> Inbound:
    """An English-speaking tenant of the demo directory."""
    return memory.group_message(
        text, chat_id=GROUP, sender_id="wxid_nattapong", sender_name="Nattapong"
    )


def echo_router() -> Router:
    router = Router("echo")

    @router.message()
    def echo(inbound: Inbound, sender: Sender) -> Outbound:
        context = {"name": sender.name, "text": inbound.text}
        return reply(inbound, "echo", context, lang=sender.lang)

    return router


def crash_on_boom() -> Router:
    router = Router("boom")

    @router.message(lambda inbound: "boom" in inbound.text)
    async def explode(session: AsyncSession) -> None:
        session.add(Person(name="写了一半", contact_id="wxid_half_written"))
        await session.flush()
        raise RuntimeError("the handler broke")

    return router


async def inbound_rows(engine: AsyncEngine) -> list[InboundMessage]:
    async with sessionmaker(engine)() as session:
        query = select(InboundMessage).order_by(col(InboundMessage.id))
        return list((await session.exec(query)).all())


async def test_a_group_message_reaches_its_handler_with_sender_chat_and_mentions(
    make_bot: BotFactory,
) -> None:
    seen: dict[str, Any] = {}
    router = Router("look")

    @router.message()
    def look(sender: Sender, chat: Chat, mentions: tuple[str, ...], inbound: Inbound) -> Outbound:
        seen.update(sender=sender, chat=chat, mentions=mentions)
        return reply(inbound, "echo", {"name": sender.name, "text": "ok"})

    bot = await make_bot([router])
    outcome = await bot.receive(from_tenant("@王建国 楼上漏水", mentions=("wxid_wangjianguo",)))

    assert outcome is Outcome.HANDLED
    sender, chat = seen["sender"], seen["chat"]
    assert (sender.contact_id, sender.name, sender.lang) == ("wxid_chenjing", "陈静", "zh")
    assert sender.person is not None and sender.person.key == "chen-jing"
    assert chat == Chat(GROUP, ChatKind.GROUP, None) and chat.is_group
    assert seen["mentions"] == ("wxid_wangjianguo",)
    assert await bot.replies() == [
        Delivery(ChatKind.GROUP, GROUP, "收到，陈静：ok", ("wxid_chenjing",))
    ]


async def test_handlers_can_name_the_session_clock_time_settings_and_directory(
    make_bot: BotFactory, settings: Settings
) -> None:
    seen: dict[str, Any] = {}
    router = Router("all")

    @router.message()
    def everything(
        session: AsyncSession, clock: Clock, now: Any, settings: Settings, directory: Directory
    ) -> None:
        seen.update(session=session, clock=clock, now=now, settings=settings, directory=directory)

    bot = await make_bot([router])
    await bot.receive(from_tenant("你好"))

    assert isinstance(seen["session"], AsyncSession)
    assert seen["clock"] is bot.clock and seen["now"] == bot.clock.now()
    assert seen["settings"] is settings and seen["directory"] is settings.directory


async def test_the_reading_is_parsed_only_when_named_and_then_once(
    make_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []

    def counting_parse(text: str, now: Any) -> Reading:
        parsed.append(text)
        return parse(text, now)

    monkeypatch.setattr("bot.app.parse", counting_parse)
    kinds: list[Kind] = []
    router = Router("reports")

    @router.message(lambda inbound: inbound.text != "skip", lambda reading: reading.kind != "none")
    def report(reading: Reading) -> None:
        kinds.append(reading.kind)

    bot = await make_bot([router])
    await bot.receive(from_tenant("skip"))
    await bot.receive(from_tenant("10幢2单元卫生间漏水了"))

    assert parsed == ["10幢2单元卫生间漏水了"]
    assert kinds == [Kind.LEAK]


async def test_a_redelivered_message_is_handled_once(
    make_bot: BotFactory, engine: AsyncEngine
) -> None:
    bot = await make_bot([echo_router()])
    message = from_tenant("有人吗", message_id="wechat-123")

    assert await bot.receive(message) is Outcome.HANDLED
    assert await bot.receive(message) is Outcome.DUPLICATE

    assert len(await bot.replies()) == 1
    assert [(row.message_id, row.outcome) for row in await inbound_rows(engine)] == [
        ("wechat-123", "handled")
    ]


async def test_chatter_is_recorded_in_batches_and_gets_no_reply(
    make_bot: BotFactory, engine: AsyncEngine
) -> None:
    bot = await make_bot([crash_on_boom()])
    chatter = from_tenant("哈哈哈")

    assert await bot.receive(chatter) is Outcome.IGNORED
    assert await bot.replies() == []
    assert await inbound_rows(engine) == []  # waiting for its batch
    assert await bot.receive(chatter) is Outcome.DUPLICATE  # a redelivery meanwhile

    await bot.app.pipeline.write_chatter(all_waiting=True)
    [row] = await inbound_rows(engine)
    assert (row.message_id, row.outcome, row.handled_at) == (chatter.message_id, None, None)
    assert await bot.receive(chatter) is Outcome.DUPLICATE  # redelivered after it was written


async def test_a_redelivery_another_process_handled_is_rolled_back(
    make_bot: BotFactory, engine: AsyncEngine
) -> None:
    """A second bot on the same database (or this one after a restart) knows nothing of the
    first delivery: the inbound log's key finds it, and what the handler did is undone."""
    writer = Router("writer")

    @writer.message()
    async def note(inbound: Inbound, session: AsyncSession) -> Outbound:
        session.add(Person(name="来过", contact_id=f"seen-{inbound.message_id}"))
        return reply(inbound, "echo", {"name": inbound.sender_name, "text": "ok"})

    first, second = await make_bot([writer]), await make_bot([writer])
    message = from_tenant("有人吗", message_id="wechat-456")

    assert await first.receive(message) is Outcome.HANDLED
    assert await second.receive(message) is Outcome.DUPLICATE

    assert len(await first.replies()) == 1 and await second.replies() == []
    async with sessionmaker(engine)() as session:
        people = (await session.exec(select(Person).where(Person.name == "来过"))).all()
        assert len(people) == 1


async def test_waiting_chatter_is_written_before_the_next_handled_message(
    make_bot: BotFactory, engine: AsyncEngine
) -> None:
    questions = Router("questions")

    @questions.message(lambda inbound: inbound.text.endswith("吗"))
    def answer(inbound: Inbound) -> Outbound:
        return reply(inbound, "echo", {"name": inbound.sender_name, "text": "在"})

    bot = await make_bot([questions])
    first, second, handled = from_tenant("哈哈哈"), from_tenant("嗯嗯"), from_tenant("有人吗")
    for message in (first, second, handled):
        await bot.receive(message)

    rows = [(row.message_id, row.outcome) for row in await inbound_rows(engine)]
    assert rows == [
        (first.message_id, None),
        (second.message_id, None),
        (handled.message_id, "handled"),
    ]


@pytest.mark.parametrize(("message", "apology"), [(from_tenant, "抱歉"), (from_nattapong, "Sorry")])
async def test_a_crashing_handler_gets_a_polite_error_and_the_bot_keeps_going(
    make_bot: BotFactory,
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    message: Any,
    apology: str,
) -> None:
    bot = await make_bot([crash_on_boom(), echo_router()])
    boom = message("boom")

    with caplog.at_level(logging.ERROR):
        assert await bot.receive(boom) is Outcome.FAILED
    assert await bot.receive(message("still there?")) is Outcome.HANDLED

    error, answer = await bot.replies()
    assert error.text.startswith(apology) and boom.message_id in error.text
    assert error.mention_ids == (boom.sender_id,)
    assert "still there?" in answer.text
    assert any(boom.message_id in r.getMessage() and r.exc_info for r in caplog.records)
    failed = (await inbound_rows(engine))[0]
    assert failed.outcome == "failed" and "the handler broke" in (failed.error or "")
    async with sessionmaker(engine)() as session:  # the handler's half-done work is gone
        query = select(Person).where(Person.contact_id == "wxid_half_written")
        assert (await session.exec(query)).first() is None


async def test_nothing_is_announced_or_stored_when_rendering_fails(
    make_bot: BotFactory, engine: AsyncEngine
) -> None:
    router = Router("half")

    @router.message()
    async def store_then_announce(session: AsyncSession, inbound: Inbound) -> Outbound:
        session.add(Person(name="新人", contact_id="wxid_new"))
        return reply(inbound, "no_such_template")

    bot = await make_bot([router])
    await bot.receive(from_tenant("hello"))

    async with sessionmaker(engine)() as session:
        assert (
            await session.exec(select(Person).where(Person.contact_id == "wxid_new"))
        ).first() is None
        texts = [row.text for row in (await session.exec(select(Outbox))).all()]
    assert len(texts) == 1 and texts[0].startswith("抱歉")


async def test_user_text_that_looks_like_a_template_is_sent_literally(
    make_bot: BotFactory,
) -> None:
    bot = await make_bot([echo_router()])

    await bot.receive(from_tenant("{{ 7*7 }} {{ settings }}"))

    assert [d.text for d in await bot.replies()] == ["收到，陈静：{{ 7*7 }} {{ settings }}"]


async def test_a_direct_message_goes_out_in_the_recipients_registered_language(
    make_bot: BotFactory,
) -> None:
    router = Router("tell")
    router.add(lambda: Outbound("echo", ToPerson("wxid_nattapong"), {"name": "N", "text": "t"}))
    bot = await make_bot([router])

    await bot.receive(from_tenant("告诉他"))

    assert await bot.replies() == [Delivery(ChatKind.DIRECT, "wxid_nattapong", "Got it, N: t")]
