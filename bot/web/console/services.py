"""What the console's pages need from the running bot, tied to the web app's life."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import InitVar, dataclass, field

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.bounded import BoundedMap
from bot.clock import Clock
from bot.config.settings import Settings
from bot.dispatch.enqueue import Enqueuer
from bot.followup.specs import FollowupRules
from bot.rate_limit import RateLimit, RateLimiter
from bot.render import Renderer
from bot.web.csrf import CsrfGuard

SESSION_COOKIE = "gridbot_session"
CSRF_COOKIE = "gridbot_console_csrf"
NOTICES_KEPT = 1000  # console sessions with a notice waiting for their next page


@dataclass(frozen=True, slots=True)
class Notice:
    """What the last desk action did, shown once on the page it leads back to."""

    kind: str  # "done" or "refused"
    text: str


@dataclass
class ConsoleServices:
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    clock: Clock
    # The desk's writes: rendered into the outbox as the chat's are, then `notify` wakes
    # the outbox sender and the follow-up worker; on SQLite `writer` is the app's lock.
    enqueuer: Enqueuer = field(default_factory=lambda: Enqueuer(Renderer()))
    notify: Callable[[], None] = lambda: None
    writer: asyncio.Lock | None = None
    followup_rules: InitVar[FollowupRules | None] = None  # the app's (else from settings)
    rules: FollowupRules = field(init=False)
    csrf: CsrfGuard = field(init=False)
    # Wrong, used or expired login links per client address: guessing is throttled.
    link_failures: RateLimiter = field(init=False)
    # Per console session id: the notice its next page shows (POST, 303, then GET).
    notices: BoundedMap[int, Notice] = field(init=False)

    def __post_init__(self, followup_rules: FollowupRules | None) -> None:
        console = self.settings.console
        self.enqueuer.default_lang = self.settings.bot.language
        self.rules = followup_rules or FollowupRules.from_settings(
            self.settings.followup, self.settings.timezone
        )
        self.csrf = CsrfGuard(cookie=CSRF_COOKIE, path="/", secure=self.secure)
        self.link_failures = RateLimiter(
            RateLimit(messages=console.link_attempts, per=console.link_window)
        )
        self.notices = BoundedMap(NOTICES_KEPT)

    @property
    def public_url(self) -> str:
        """Where people's phones reach the bot's pages (`[register] public_url`)."""
        return self.settings.register.public_url

    @property
    def secure(self) -> bool:
        return self.public_url.startswith("https://")

    def writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        return self.writer if self.writer is not None else contextlib.nullcontext()

    async def attach(self, app: web.Application) -> AsyncIterator[None]:
        """A `cleanup_ctx` entry: the services live as long as the web app."""
        app[CONSOLE] = self
        yield


CONSOLE = web.AppKey("console", ConsoleServices)
