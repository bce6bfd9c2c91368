"""Shared steps of the closed loop on a running app (puppet service, simulator): a migrated
database, one pass of the running follow-up worker at a chosen moment, `gridbot report`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import App
from bot.cli import main
from bot.clock import FrozenClock
from bot.config import Settings
from bot.followup.worker import FollowupWorker, TickReport
from models.crud.directory_sync import sync_directory
from models.db import database, session_scope
from models.event import Event
from models.migrate import upgrade_async
from tests.handlers.conftest import REPO, START, demo_settings

POLL_LIMIT_S = 20.0  # bounds a hang on a busy machine; nothing is timed
REPORT_SINCE = START.date().isoformat()


async def migrated_settings(db_url: str) -> Settings:
    """The demo settings on a database migrated the way `gridbot db upgrade` does it (so
    `gridbot report` accepts it), holding the demo directory."""
    await upgrade_async(db_url)
    settings = demo_settings(db_url)
    async with database(db_url) as (_, factory), session_scope(factory) as session:
        await sync_directory(session, directory=settings.directory)
    return settings


async def poll(condition: Callable[[], bool], what: str) -> None:
    async with asyncio.timeout(POLL_LIMIT_S):
        # The worker signals "asleep" but not "a pass after this one": its counter is polled.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    assert condition(), what


def worker_of(app: App) -> FollowupWorker:
    assert app.followup is not None
    return app.followup


async def start_and_settle(app: App) -> None:
    """Start the app and let the worker's first pass (this morning's digests, before any
    event) finish, so later passes are the test's own."""
    await app.start()
    await poll(worker_of(app).idle.is_set, "the follow-up worker never went idle")


async def worker_pass_at(app: App, clock: FrozenClock, hours: float) -> TickReport:
    """Move the clock to START + `hours`, wake the running worker, return what its pass did.

    The clock moves only while the worker sleeps, so the pass counted is one that read it.
    """
    worker = worker_of(app)
    await poll(worker.idle.is_set, "the follow-up worker never went idle")
    passes = worker.passes
    clock.set(START + timedelta(hours=hours))
    worker.wake()
    await poll(lambda: worker.passes > passes and worker.idle.is_set(), "no worker pass")
    assert worker.last.digests == 0  # the morning's went out in the first pass
    return worker.last


async def the_event(app: App) -> Event:
    async with app.sessions() as session:
        [event] = (await session.exec(select(Event))).all()
        return event


async def gridbot_report(db_url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """`gridbot report --since <the test's day>` on the test's database (prints to stdout)."""
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", db_url)
    monkeypatch.delenv("GRIDBOT_CONFIG", raising=False)
    config = str(REPO / "config.example.toml")
    return await asyncio.to_thread(main, ["--config", config, "report", "--since", REPORT_SINCE])


def closed_as_fixed_lines(acknowledge: str, close: str) -> list[str]:
    """What `gridbot report` prints for one event closed as confirmed fixed."""
    return [
        "events reported: 1",
        "closed: 1 (100.0%)  open: 0",
        "  fixed, confirmed by the reporter: 1 (100.0%)",
        "  fixed_unconfirmed, the reporter never answered: 0 (0.0%)",
        f"median time to acknowledge: {acknowledge} (over 1 events)",
        f"median time to close: {close} (over 1 closed events, duplicates left out)",
    ]
