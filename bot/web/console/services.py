"""What the console's pages need from the running bot, tied to the web app's life."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config.settings import Settings
from bot.rate_limit import RateLimit, RateLimiter
from bot.web.csrf import CsrfGuard

SESSION_COOKIE = "gridbot_session"
CSRF_COOKIE = "gridbot_console_csrf"


@dataclass
class ConsoleServices:
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    clock: Clock
    csrf: CsrfGuard = field(init=False)
    # Wrong, used or expired login links per client address: guessing is throttled.
    link_failures: RateLimiter = field(init=False)

    def __post_init__(self) -> None:
        console = self.settings.console
        self.csrf = CsrfGuard(cookie=CSRF_COOKIE, path="/", secure=self.secure)
        self.link_failures = RateLimiter(
            RateLimit(messages=console.link_attempts, per=console.link_window)
        )

    @property
    def public_url(self) -> str:
        """Where people's phones reach the bot's pages (`[register] public_url`)."""
        return self.settings.register.public_url

    @property
    def secure(self) -> bool:
        return self.public_url.startswith("https://")

    async def attach(self, app: web.Application) -> AsyncIterator[None]:
        """A `cleanup_ctx` entry: the services live as long as the web app."""
        app[CONSOLE] = self
        yield


CONSOLE = web.AppKey("console", ConsoleServices)
