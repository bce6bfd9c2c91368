"""A router: a named list of (filters, handler), tried in order; first match wins."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from bot.dispatch.callables import NamedCallable
from bot.dispatch.context import Context
from bot.dispatch.outbound import Outbound

Handler = TypeVar("Handler", bound=Callable[..., Any])


class _Unhandled(enum.Enum):
    UNHANDLED = "unhandled"


UNHANDLED: Final = _Unhandled.UNHANDLED
"""A handler returns this to say "not mine after all": the next handler is tried."""

# None = handled with nothing to say.
HandlerResult = Outbound | Iterable[Outbound] | None | _Unhandled


@dataclass(frozen=True)
class Route:
    filters: tuple[NamedCallable, ...]
    handler: NamedCallable


@dataclass(frozen=True)
class Handled:
    """Which handler took the message, and what it wants said."""

    router: str
    handler: str
    outbounds: tuple[Outbound, ...]


class Router:
    """Handlers of one feature. `Router("leader", in_direct)` filters all its handlers.

    Two kinds of event are routed: messages (`@router.message`: the first handler that takes
    one wins) and member joins (`@router.join`, handler names `join`: every handler whose
    filters pass is told, since a join concerns every feature that greets or counts people).
    A feature made of parts includes their routers (`include`), tried after its own routes.
    """

    def __init__(self, name: str, *filters: Callable[..., Any]) -> None:
        self.name = name
        self._filters = tuple(NamedCallable(f) for f in filters)
        self._routes: list[Route] = []
        self._join_routes: list[Route] = []
        self._included: list[Router] = []

    def message(self, *filters: Callable[..., Any]) -> Callable[[Handler], Handler]:
        """Decorator: `@router.message(in_group, text_matches(r"..."))`."""

        def register(handler: Handler) -> Handler:
            self.add(handler, *filters)
            return handler

        return register

    def join(self, *filters: Callable[..., Any]) -> Callable[[Handler], Handler]:
        """Decorator for a handler of people joining a group (it may name `join`)."""

        def register(handler: Handler) -> Handler:
            self._join_routes.append(_route(handler, filters))
            return handler

        return register

    def add(self, handler: Callable[..., Any], *filters: Callable[..., Any]) -> None:
        self._routes.append(_route(handler, filters))

    def include(self, *routers: Router) -> None:
        self._included.extend(routers)

    @property
    def names(self) -> list[str]:
        """This router's name and those of the routers it includes."""
        return [self.name, *(name for router in self._included for name in router.names)]

    async def route(self, context: Context) -> Handled | None:
        router_data = await _check(self._filters, context, {})
        if router_data is None:
            return None
        for route in self._routes:
            data = await _check(route.filters, context, router_data)
            if data is None:
                continue
            result = await route.handler.call(await context.kwargs_for(route.handler, data))
            if result is UNHANDLED:
                continue
            return Handled(self.name, route.handler.name, _outbounds(result, route.handler))
        for router in self._included:
            handled = await router.route(context)
            if handled is not None:
                return handled
        return None

    async def route_join(self, context: Context) -> list[Outbound]:
        """What every join handler whose filters pass wants said, in order. The router's
        own filters are about messages (`inbound`): a join route has filters of its own."""
        outbounds: list[Outbound] = []
        for route in self._join_routes:
            data = await _check(route.filters, context, {})
            if data is None:
                continue
            result = await route.handler.call(await context.kwargs_for(route.handler, data))
            if result is not UNHANDLED:
                outbounds.extend(_outbounds(result, route.handler))
        for router in self._included:
            outbounds.extend(await router.route_join(context))
        return outbounds


def _route(handler: Callable[..., Any], filters: tuple[Callable[..., Any], ...]) -> Route:
    return Route(tuple(NamedCallable(f) for f in filters), NamedCallable(handler))


async def _check(
    filters: tuple[NamedCallable, ...], context: Context, data: Mapping[str, Any]
) -> dict[str, Any] | None:
    """All filters pass → the data they returned (merged); any fails → None."""
    merged = dict(data)
    for check in filters:
        result = await check.call(await context.kwargs_for(check, merged))
        if result is None or result is False:
            return None
        if isinstance(result, Mapping):
            merged.update(result)
        elif result is not True:
            raise TypeError(f"filter {check.name} returned {result!r}: want bool, None or a dict")
    return merged


def _outbounds(result: HandlerResult, handler: NamedCallable) -> tuple[Outbound, ...]:
    if result is None:
        return ()
    if isinstance(result, Outbound):
        return (result,)
    if isinstance(result, _Unhandled):  # pragma: no cover - filtered out by the caller
        return ()
    outbounds = tuple(result)
    for item in outbounds:
        if not isinstance(item, Outbound):
            raise TypeError(f"handler {handler.name} returned {item!r}, not an Outbound")
    return outbounds
