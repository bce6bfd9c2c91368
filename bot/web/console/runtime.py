"""The console's part of a running bot: its services over the bot's database and clock."""

from __future__ import annotations

from bot.app import App
from bot.web.console.services import ConsoleServices


def console_services(app: App) -> ConsoleServices:
    return ConsoleServices(sessions=app.sessions, settings=app.settings, clock=app.clock)
