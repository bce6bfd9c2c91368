"""The register's parts of a running bot: the household pages' services and the daily jobs."""

from __future__ import annotations

from bot.app import App
from bot.dispatch.enqueue import Enqueuer
from bot.register.keys import data_keys
from bot.register.scheduler import RegisterJobs
from bot.render import Renderer
from bot.web.register_services import RegisterServices


def household_services(app: App) -> RegisterServices:
    return RegisterServices(
        sessions=app.sessions,
        settings=app.settings,
        keys=data_keys(app.settings),
        clock=app.clock,
        notify=app.outbox.notify,
    )


def register_jobs(app: App) -> RegisterJobs:
    return RegisterJobs(
        sessions=app.sessions,
        enqueuer=Enqueuer(Renderer(), default_lang=app.settings.bot.language),
        settings=app.settings,
        keys=data_keys(app.settings),
        clock=app.clock,
        notify=app.outbox.notify,
    )
