"""What the household pages need from the running bot, tied to the web app's life."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config.settings import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.followup.specs import FollowupRules
from bot.privacy import DataKeys
from bot.rate_limit import RateLimit, RateLimiter
from bot.render import Renderer
from bot.web.csrf import CsrfGuard

FORM_WINDOW = timedelta(hours=1)


@dataclass
class RegisterServices:
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    keys: DataKeys
    clock: Clock
    notify: Callable[[], None] = lambda: None  # wakes the outbox sender
    enqueuer: Enqueuer = field(default_factory=lambda: Enqueuer(Renderer()))
    csrf: CsrfGuard = field(default_factory=CsrfGuard)
    limiter: RateLimiter = field(init=False)
    rules: FollowupRules = field(init=False)  # a clue from the form gets the usual deadlines

    def __post_init__(self) -> None:
        self.enqueuer.default_lang = self.settings.bot.language
        self.rules = FollowupRules.from_settings(self.settings.followup, self.settings.timezone)
        limit = RateLimit(messages=self.settings.register.form_limit, per=FORM_WINDOW)
        self.limiter = RateLimiter(limit)

    async def attach(self, app: web.Application) -> AsyncIterator[None]:
        """A `cleanup_ctx` entry: the services live as long as the web app."""
        app[REGISTER] = self
        yield


REGISTER = web.AppKey("register", RegisterServices)
