"""The console's one gate: every protected path needs a live session, every POST there a
CSRF token. Pages behind it read the signed-in person from `request[VIEWER]`.

Protected: /console..., /grid, /register... . A request without a session is refused
(401, with a page saying how to sign in); it never reaches a handler or the database's
data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.console.sessions import current_session
from bot.web.console.pages import refusal_page
from bot.web.console.services import CONSOLE, SESSION_COOKIE
from bot.web.console.viewer import VIEWER, Viewer
from bot.web.csrf import FIELD
from models.crud.scope import scope_of

PROTECTED = ("/console", "/grid", "/register")
PUBLIC = frozenset({"/console/sign-in"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_protected(path: str) -> bool:
    if path in PUBLIC:
        return False
    return any(
        path == prefix or path.startswith((f"{prefix}/", f"{prefix}.")) for prefix in PROTECTED
    )


@web.middleware
async def console_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not is_protected(request.path):
        return await handler(request)
    svc = request.app.get(CONSOLE)
    if svc is None:  # an app without the console serves none of its pages
        raise web.HTTPNotFound()
    viewer = await _viewer(request)
    if viewer is None:
        return refusal_page(request, "signed_out", status=401)
    if request.method not in ("GET", "HEAD"):
        form = await request.post()
        if not svc.csrf.check(request, str(form.get(FIELD, ""))):
            return refusal_page(request, "csrf", status=403, lang=viewer.lang)
    if viewer.scope.empty:
        return refusal_page(request, "no_scope", status=403, lang=viewer.lang)
    request[VIEWER] = viewer
    return await handler(request)


async def _viewer(request: web.Request) -> Viewer | None:
    svc = request.app[CONSOLE]
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        return None
    now = svc.clock.now()
    async with svc.sessions() as session, session.begin():
        found = await current_session(
            session, session_id=cookie, now=now, settings=svc.settings.console
        )
        if found is None:
            return None
        row, person = found
        assert person.id is not None and row.id is not None
        scope = await scope_of(session, person_id=person.id)
    return Viewer(person=person, scope=scope, session_id=row.id, lang=person.lang)
