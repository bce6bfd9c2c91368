"""Routers, filters and handlers that take only what they name (no database)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.chat import Inbound
from bot.dispatch.context import Context, MissingContextValue, providers
from bot.dispatch.dispatcher import Dispatcher
from bot.dispatch.filters import in_direct, in_group, reading_kind, text_matches
from bot.dispatch.outbound import Outbound, ToGroup, ToPerson, reply
from bot.dispatch.router import UNHANDLED, Router
from bot.kinds import Kind
from bot.nlu.reading import Reading
from bot.transport import memory


def group_message(text: str) -> Inbound:
    return memory.group_message(
        text, chat_id="room-shima-10", sender_id="wxid_tenant_li", sender_name="李四"
    )


def direct_message(text: str) -> Inbound:
    return memory.direct_message(text, sender_id="wxid_wangjianguo", sender_name="王建国")


def context_for(inbound: Inbound, **values: Any) -> Context:
    return Context({"inbound": inbound, **values})


async def test_handler_receives_only_the_values_it_names() -> None:
    router = Router("echo")
    seen: list[str] = []

    @router.message()
    def echo(inbound: Inbound) -> Outbound:  # a third positional would raise TypeError
        seen.append(inbound.text)
        return reply(inbound, "echo", {"text": inbound.text})

    context = context_for(group_message("你好"), session=object(), clock=object())
    handled = await Dispatcher([router]).dispatch(context)

    assert seen == ["你好"]
    assert handled is not None
    assert handled.router == "echo"
    assert handled.outbounds[0].to == ToGroup("room-shima-10", ("wxid_tenant_li",))


async def test_filter_data_becomes_handler_arguments() -> None:
    router = Router("rooms")

    @router.message(in_group, text_matches(r"(?P<building>\d+)幢(?P<room>\d+)"))
    async def room(building: str, room: str, match: re.Match[str]) -> Outbound:
        return Outbound("room", ToPerson("x"), {"where": (building, room, match.group(0))})

    handled = await Dispatcher([router]).dispatch(context_for(group_message("10幢301漏水")))

    assert handled is not None
    assert handled.outbounds[0].context["where"] == ("10", "301", "10幢301")


async def test_first_match_wins_and_unhandled_lets_the_next_try() -> None:
    calls: list[str] = []
    leader = Router("leader", in_direct)
    reports = Router("reports")

    @leader.message()
    def command(inbound: Inbound) -> None:
        calls.append("leader")

    @reports.message()
    def declines(inbound: Inbound) -> object:
        calls.append("declines")
        return UNHANDLED

    @reports.message()
    def takes(inbound: Inbound) -> None:
        calls.append("takes")

    @reports.message()
    def never(inbound: Inbound) -> None:
        calls.append("never")

    dispatcher = Dispatcher([leader, reports])
    first = await dispatcher.dispatch(context_for(group_message("楼上吵")))
    second = await dispatcher.dispatch(context_for(direct_message("关闭 42")))

    assert calls == ["declines", "takes", "leader"]
    assert first is not None and first.handler.endswith("takes")
    assert second is not None and second.router == "leader"


async def test_no_handler_takes_chatter() -> None:
    router = Router("only-direct", in_direct)
    router.add(lambda: None)

    assert await Dispatcher([router]).dispatch(context_for(group_message("哈哈"))) is None


async def test_a_provider_runs_once_per_message_and_only_when_named() -> None:
    parses: list[str] = []

    def parse(inbound: Inbound) -> Reading:
        parses.append(inbound.text)
        return Reading(kind=Kind.LEAK if "漏" in inbound.text else Kind.NONE)

    router = Router("reports")

    @router.message(in_direct)
    def not_reached(reading: Reading) -> None:
        raise AssertionError("filtered out")

    @router.message(reading_kind(Kind.LEAK))
    def leak(reading: Reading, inbound: Inbound) -> Outbound:
        return reply(inbound, "leak", {"kind": reading.kind})

    lazy = providers(reading=parse)
    chatter = Context({"inbound": group_message("哈哈")}, lazy)
    leak_report = Context({"inbound": group_message("卫生间漏水")}, lazy)
    assert await Dispatcher([router]).dispatch(chatter) is None
    handled = await Dispatcher([router]).dispatch(leak_report)

    assert parses == ["哈哈", "卫生间漏水"]
    assert handled is not None and handled.outbounds[0].context["kind"] is Kind.LEAK


async def test_sync_and_async_filters_both_count() -> None:
    async def slow_no(inbound: Inbound) -> bool:
        return False

    router = Router("mixed")
    router.add(lambda: None, in_group, slow_no)

    assert await Dispatcher([router]).dispatch(context_for(group_message("x"))) is None


async def test_a_handler_naming_an_unknown_value_fails_clearly() -> None:
    router = Router("typo")
    router.add(lambda sessoin: None)

    with pytest.raises(MissingContextValue, match="sessoin"):
        await Dispatcher([router]).dispatch(context_for(group_message("x")))


async def test_a_filter_returning_something_odd_is_an_error() -> None:
    router = Router("odd")
    router.add(lambda: None, lambda: "yes")

    with pytest.raises(TypeError, match="want bool, None or a dict"):
        await Dispatcher([router]).dispatch(context_for(group_message("x")))


def test_router_names_are_unique() -> None:
    with pytest.raises(ValueError, match="reports"):
        Dispatcher([Router("reports"), Router("reports")])


def test_reply_in_a_direct_chat_goes_to_the_person() -> None:
    outbound = reply(direct_message("hi"), "help", lang="en")

    assert outbound.to == ToPerson("wxid_wangjianguo", "en")


async def test_a_parameter_with_a_default_may_go_unprovided_and_kwargs_take_all() -> None:
    seen: dict[str, Any] = {}
    router = Router("flexible")

    @router.message(lambda: {"extra": 1})
    def flexible(inbound: Inbound, missing: str = "default", **values: Any) -> None:
        seen.update(missing=missing, names=sorted(values))

    await Dispatcher([router]).dispatch(context_for(group_message("x"), clock="c"))

    assert seen == {"missing": "default", "names": ["clock", "extra"]}
