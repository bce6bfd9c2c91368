"""The channels `gridbot run` can serve, by the name an account's `channel` (or the single
`transport = "..."`) gives in the config.

A channel is a package under bot/transport/ with `from_settings(settings, account, clock)`;
adding one is adding its package and its line here. A factory raises ValueError for settings
it cannot work with. Each factory imports its platform's library only when called, so
choosing one channel never loads another's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from bot.transport import simulator, wechaty, wecom

if TYPE_CHECKING:
    from bot.chat import Transport
    from bot.clock import Clock
    from bot.config.settings import AccountSettings, Settings

TransportFactory = Callable[["Settings", "AccountSettings", "Clock"], "Transport"]

CHANNELS: Mapping[str, TransportFactory] = {
    "simulator": simulator.from_settings,
    "wechaty": wechaty.from_settings,
    "wecom": wecom.from_settings,
}
# Tests and benchmarks build their transport themselves (bot/transport/memory.py).
TEST_ONLY = frozenset({"memory"})
# Channels given only as `[[accounts]]` (their settings are per account): not `transport`.
ACCOUNTS_ONLY = frozenset({"wecom"})
NAMES: tuple[str, ...] = (*(c for c in CHANNELS if c not in ACCOUNTS_ONLY), *sorted(TEST_ONLY))


class UnknownChannel(ValueError):
    """The configuration names a channel `gridbot run` cannot serve."""


def make_transports(settings: Settings, clock: Clock) -> dict[str, Transport]:
    """Each configured account's transport, by account name, in config order."""
    return {
        account.name: _factory(settings, account.channel)(settings, account, clock)
        for account in settings.served
    }


def make_transport(settings: Settings, clock: Clock) -> Transport:
    """What the app runs: the one account's transport, or all of them as one
    (bot/transport/accounts.py) when there are several."""
    transports = make_transports(settings, clock)
    if len(transports) == 1 and settings.served[0].name == "main":
        return next(iter(transports.values()))
    from bot.transport.accounts import AccountTransports

    return AccountTransports(transports)


def _factory(settings: Settings, channel: str) -> TransportFactory:
    factory = CHANNELS.get(channel)
    if factory is None:
        served = ", ".join(CHANNELS)
        raise UnknownChannel(
            f"{settings.source}: channel {channel!r} is for tests only "
            f"(gridbot run serves {served})"
        )
    return factory
