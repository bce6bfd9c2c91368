"""The channels `gridbot run` can serve, by the name `transport = "..."` gives in the config.

A channel is a package under bot/transport/ with `from_settings(settings, clock)`; adding
one is adding its package and its line here. A factory raises ValueError for settings it
cannot work with. Each factory imports its platform's library
only when called, so choosing one channel never loads another's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from bot.transport import simulator, wechaty

if TYPE_CHECKING:
    from bot.chat import Transport
    from bot.clock import Clock
    from bot.config.settings import Settings

TransportFactory = Callable[["Settings", "Clock"], "Transport"]

CHANNELS: Mapping[str, TransportFactory] = {
    "simulator": simulator.from_settings,
    "wechaty": wechaty.from_settings,
}
# Tests and benchmarks build their transport themselves (bot/transport/memory.py).
TEST_ONLY = frozenset({"memory"})
NAMES: tuple[str, ...] = (*CHANNELS, *sorted(TEST_ONLY))


class UnknownChannel(ValueError):
    """The configuration names a channel `gridbot run` cannot serve."""


def make_transport(settings: Settings, clock: Clock) -> Transport:
    factory = CHANNELS.get(settings.transport)
    if factory is None:
        served = ", ".join(CHANNELS)
        raise UnknownChannel(
            f"{settings.source}: transport {settings.transport!r} is for tests only "
            f"(gridbot run serves {served})"
        )
    return factory(settings, clock)
