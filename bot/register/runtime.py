"""The register's household pages' services in a running bot (its daily jobs are one of
the app's workers: bot/app.py)."""

from __future__ import annotations

from bot.app import App
from bot.register.keys import data_keys
from bot.web.register_services import RegisterServices


def household_services(app: App) -> RegisterServices:
    return RegisterServices(
        sessions=app.sessions,
        settings=app.settings,
        keys=data_keys(app.settings),
        clock=app.clock,
        notify=app.outbox.notify,
        enqueuer=app.enqueuer,
    )
