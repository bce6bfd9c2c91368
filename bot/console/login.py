"""One-time login links: the only way into the console (no passwords to forget).

`issue_login_link` is the one domain function behind every way of asking for a link: the
`gridbot login-link` command today, the chat command "登录" / "login" next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.console_settings import ConsoleSettings
from bot.console.tokens import new_secret, secret_hash
from models.crud.console_auth import add_login_link
from models.crud.scope import scope_of
from models.person import Person

LOGIN_PATH = "/login/"
LINK_LIFETIME = ConsoleSettings().link_lifetime


class Refusal(StrEnum):
    NOT_IN_DIRECTORY = "not_in_directory"  # a chat participant the directory does not name
    NO_SCOPE = "no_scope"  # named, but answers for no community, grid or house


class LoginRefused(Exception):
    def __init__(self, reason: Refusal, person: Person) -> None:
        self.reason = reason
        self.person = person
        super().__init__(f"{person.name}: {reason.value}")


@dataclass(frozen=True, slots=True)
class IssuedLink:
    token: str  # shown once, never stored
    person: Person
    expires_at: datetime

    def url(self, public_url: str) -> str:
        return f"{public_url.rstrip('/')}{LOGIN_PATH}{self.token}"


async def issue_login_link(
    session: AsyncSession,
    *,
    person: Person,
    now: datetime,
    lifetime: timedelta = LINK_LIFETIME,
) -> IssuedLink:
    """A new single-use link for `person`; `LoginRefused` unless the directory gives them a
    part of the grid to look after (a claim in chat never does)."""
    if person.id is None or person.key is None:
        raise LoginRefused(Refusal.NOT_IN_DIRECTORY, person)
    if (await scope_of(session, person_id=person.id)).empty:
        raise LoginRefused(Refusal.NO_SCOPE, person)
    token = new_secret()
    link = await add_login_link(
        session, person_id=person.id, token_hash=secret_hash(token), now=now, lifetime=lifetime
    )
    return IssuedLink(token=token, person=person, expires_at=link.expires_at)
