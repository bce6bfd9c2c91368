"""The values a handler may name, some computed lazily and at most once per message."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.dispatch.callables import NamedCallable


class MissingContextValue(LookupError):
    """A filter or handler named a value that no one provides."""


class Context:
    """Plain values plus providers (e.g. `reading`: the parse, run only if someone asks).

    A provider is itself a callable that names the values it needs, like a handler.
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        providers: Mapping[str, NamedCallable] | None = None,
    ) -> None:
        self._values: dict[str, Any] = dict(values)
        self._providers = providers or {}
        self._resolving: set[str] = set()

    @property
    def known(self) -> Mapping[str, Any]:
        """The values computed so far (what a `**kwargs` handler receives)."""
        return self._values

    def set(self, name: str, value: Any) -> None:
        self._values[name] = value

    async def get(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        provider = self._providers.get(name)
        if provider is None:
            raise MissingContextValue(name)
        if name in self._resolving:
            raise MissingContextValue(f"{name} (provider cycle)")
        self._resolving.add(name)
        try:
            value = await provider.call(await self.kwargs_for(provider))
        finally:
            self._resolving.discard(name)
        self._values[name] = value
        return value

    def provides(self, name: str) -> bool:
        return name in self._values or name in self._providers

    async def kwargs_for(
        self, target: NamedCallable, extra: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The keyword arguments `target` names, from `extra` (filter data) first."""
        extra = extra or {}
        values = self._values
        kwargs: dict[str, Any] = {**values, **extra} if target.takes_any else {}
        for name in target.params:
            if name in extra:
                kwargs[name] = extra[name]
            elif name in values:  # most names: no provider call (a tenth of dispatching)
                kwargs[name] = values[name]
            elif name in self._providers:
                kwargs[name] = await self.get(name)
            elif name not in target.optional:
                raise MissingContextValue(f"{target.name} names {name!r}, which nothing provides")
        return kwargs


def providers(**functions: Callable[..., Any]) -> dict[str, NamedCallable]:
    """`providers(reading=parse_reading, sender=find_sender)` for a Context."""
    return {name: NamedCallable(func) for name, func in functions.items()}
