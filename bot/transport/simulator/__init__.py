"""The local chat simulator channel: the directory's people chat through a web page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.chat import Transport
    from bot.clock import Clock
    from bot.config.settings import AccountSettings, Settings


def from_settings(settings: Settings, account: AccountSettings, clock: Clock) -> Transport:
    from bot.transport.simulator.transport import SimulatorTransport

    return SimulatorTransport(settings.directory, bot_name=settings.bot.name, clock=clock)
