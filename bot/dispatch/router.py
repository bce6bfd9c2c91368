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
    """Handlers of one feature. `Router("leader", in_direct)` filters all its handlers."""

    def __init__(self, name: str, *filters: Callable[..., Any]) -> None:
        self.name = name
        self._filters = tuple(NamedCallable(f) for f in filters)
        self._routes: list[Route] = []

    def message(self, *filters: Callable[..., Any]) -> Callable[[Handler], Handler]:
        """Decorator: `@router.message(in_group, text_matches(r"..."))`."""

        def register(handler: Handler) -> Handler:
            self.add(handler, *filters)
            return handler

        return register

    def add(self, handler: Callable[..., Any], *filters: Callable[..., Any]) -> None:
        self._routes.append(Route(tuple(NamedCallable(f) for f in filters), NamedCallable(handler)))

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
        return None


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
