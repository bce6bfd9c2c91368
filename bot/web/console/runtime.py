"""The console's part of a running bot: its services over the bot's database, clock, outbox
and follow-up rules (the desk's actions are the chat's, sent the same way)."""

from __future__ import annotations

from bot.app import App
from bot.web.console.services import ConsoleServices


def console_services(app: App) -> ConsoleServices:
    return ConsoleServices(
        sessions=app.sessions,
        settings=app.settings,
        clock=app.clock,
        enqueuer=app.enqueuer,
        notify=app.notify,
        writer=app.writer,
        followup_rules=app.rules,
    )
