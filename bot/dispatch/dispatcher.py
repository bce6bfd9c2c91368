"""Routers composed in priority order: the first one whose handler takes the message wins."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dispatch.context import Context
from bot.dispatch.outbound import Outbound
from bot.dispatch.router import Handled, Router


class Dispatcher:
    def __init__(self, routers: Sequence[Router]) -> None:
        names = [name for router in routers for name in router.names]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"router names must be unique: {', '.join(duplicates)}")
        self.routers = tuple(routers)

    async def dispatch(self, context: Context) -> Handled | None:
        """The handler that took the message, or None when no one did (chatter)."""
        for router in self.routers:
            handled = await router.route(context)
            if handled is not None:
                return handled
        return None

    async def dispatch_join(self, context: Context) -> list[Outbound]:
        """What the routers' join handlers want said, every router in turn."""
        outbounds: list[Outbound] = []
        for router in self.routers:
            outbounds.extend(await router.route_join(context))
        return outbounds
