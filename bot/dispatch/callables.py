"""Call a filter, handler or provider with only the context values it names."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
_PLAIN = frozenset({bool, type(None), dict, str, int, list, tuple})


class NamedCallable:
    """A sync or async callable whose parameter names are read once, at registration."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        parameters = inspect.signature(func).parameters.values()
        named = [p for p in parameters if p.kind in _NAMED]
        self.params = tuple(p.name for p in named)
        self.optional = frozenset(p.name for p in named if p.default is not p.empty)
        self.takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters)
        self.name: str = getattr(func, "__qualname__", repr(func))
        # Known once: asking every result whether it is awaitable was a tenth of dispatching.
        call = type(func).__call__ if not inspect.isroutine(func) else None
        self._async = inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(call)

    async def call(self, kwargs: Mapping[str, Any]) -> Any:
        """Call with the given values; the caller has chosen them from `params`."""
        if self._async:
            return await self.func(**kwargs)
        result = self.func(**kwargs)
        if type(result) in _PLAIN:
            return result
        if inspect.isawaitable(result):  # a plain function that hands back a coroutine
            return await result
        return result
