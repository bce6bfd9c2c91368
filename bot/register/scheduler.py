"""Runs the daily jobs (the register's and the safety self-check's) once a day at
[register] job_time, local time.

Every run is idempotent (dedupe keys, purge by date), so the scheduler runs once at start
(catching up a day the bot was down) and then at each job time; the clock is injected.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.background import Background
from bot.clock import Clock
from bot.config.settings import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.privacy import DataKeys
from bot.register.jobs import monthly_lists, visa_warnings
from bot.register.purge import purge_signed_out
from bot.selfcheck.jobs import run_selfcheck
from models.db import session_scope

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobRun:
    warnings: int = 0  # messages queued
    monthly: int = 0
    purged: int = 0  # tenants whose numbers were deleted
    selfchecks: int = 0  # self-check checklists and reminders queued ([selfcheck])


@dataclass
class RegisterJobs:
    sessions: async_sessionmaker[AsyncSession]
    enqueuer: Enqueuer
    settings: Settings
    keys: DataKeys
    clock: Clock
    notify: Callable[[], None] = field(default=lambda: None)
    ran: asyncio.Event = field(default_factory=asyncio.Event, init=False, repr=False)
    _loop: Background = field(
        default_factory=lambda: Background("register-jobs"), init=False, repr=False
    )

    async def run_due(self) -> JobRun:
        """What is due now: nothing before today's job time; the monthly list on its day."""
        now = self.clock.now()
        local = now.astimezone(self.settings.timezone)
        register = self.settings.register
        async with session_scope(self.sessions) as session:
            purged = await purge_signed_out(session, retention=register.retention, now=now)
            if local.time() < register.job_time:
                return JobRun(purged=purged)
            warnings = await visa_warnings(
                session, enqueuer=self.enqueuer, settings=self.settings, keys=self.keys, now=now
            )
            monthly = 0
            if local.day == register.monthly_day:
                monthly = await monthly_lists(
                    session, enqueuer=self.enqueuer, settings=self.settings, keys=self.keys, now=now
                )
            checks = await run_selfcheck(
                session, enqueuer=self.enqueuer, settings=self.settings, now=now
            )
        selfchecks = checks.asked + checks.reminded
        if warnings or monthly or selfchecks:
            self.notify()
        return JobRun(warnings, monthly, purged, selfchecks)

    def next_run(self, now: datetime) -> datetime:
        """The next job time after `now` (local wall clock, so DST-proof where it applies)."""
        tz = self.settings.timezone
        local = now.astimezone(tz)
        today = datetime.combine(local.date(), self.settings.register.job_time, tzinfo=tz)
        return today if today > local else today + timedelta(days=1)

    async def start(self) -> None:
        """Run in the background (the app starts and stops it with its other workers)."""
        self._loop.start(self.run_forever)

    @property
    def running(self) -> bool:
        return self._loop.running

    async def stop(self) -> None:
        await self._loop.stop()

    async def run_forever(self) -> None:
        while True:
            try:
                done = await self.run_due()
                logger.info("register jobs: %s", done)
                self.ran.set()
            except Exception:
                # A failing run must not end the schedule; tomorrow's run tries again.
                logger.exception("register jobs failed")
            now = self.clock.now()
            await asyncio.sleep((self.next_run(now) - now).total_seconds())
