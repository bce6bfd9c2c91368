"""Signing in and out.

GET  /console/sign-in          how to get a login link (public)
GET  /login/{token}            "continue as 王建国?": looks at the link, does not use it
POST /login/{token}            uses the link once and opens a session
POST /console/sign-out         ends this session
POST /console/sign-out-everywhere   ends every session of the person

Opening the link shows a button rather than signing in at once: chat apps and their link
checkers open links before the person does, and a GET that used the link up would leave
the person holding a spent one. Wrong, used or expired links count against the client's
address; past `[console] link_attempts` in `link_window` every link is refused for a while.
"""

from __future__ import annotations

from aiohttp import web

from bot.console.sessions import close_session, open_session, sign_out_everywhere
from bot.console.tokens import looks_like_secret, secret_hash
from bot.web.console.pages import console_page, request_lang
from bot.web.console.services import CONSOLE, SESSION_COOKIE, ConsoleServices
from bot.web.console.viewer import viewer_of
from bot.web.csrf import FIELD
from models.crud.console_auth import LinkState, look_at_link

routes = web.RouteTableDef()

_STATUS = {LinkState.UNKNOWN: 404, LinkState.EXPIRED: 410, LinkState.USED: 410}


@routes.get("/console/sign-in")
async def sign_in_help(request: web.Request) -> web.Response:
    done = request.query.get("signed_out", "")
    return console_page(request, "console/sign_in.html", signed_out=done)


@routes.get("/login/{token}")
async def login_page(request: web.Request) -> web.Response:
    svc, token = request.app[CONSOLE], request.match_info["token"]
    if _throttled(request, svc):
        return _link_refused(request, "throttled", 429)
    state, person = LinkState.UNKNOWN, None
    if looks_like_secret(token):
        async with svc.sessions() as session:
            state, person = await look_at_link(
                session, token_hash=secret_hash(token), now=svc.clock.now()
            )
    if state is not LinkState.GOOD or person is None:
        _failed(request, svc)
        return _link_refused(request, state.value, _STATUS.get(state, 404))
    return console_page(request, "console/login.html", lang=person.lang, person=person)


@routes.post("/login/{token}")
async def login(request: web.Request) -> web.StreamResponse:
    svc, token = request.app[CONSOLE], request.match_info["token"]
    if _throttled(request, svc):
        return _link_refused(request, "throttled", 429)
    form = await request.post()
    if not svc.csrf.check(request, str(form.get(FIELD, ""))):
        return _link_refused(request, "csrf", 403)
    async with svc.sessions() as session, session.begin():
        opened = await open_session(
            session,
            token=token,
            now=svc.clock.now(),
            settings=svc.settings.console,
            client=request.remote,
        )
    if opened.session_id is None:
        _failed(request, svc)
        return _link_refused(request, opened.state.value, _STATUS.get(opened.state, 404))
    response = _see_other("/console")
    response.set_cookie(
        SESSION_COOKIE,
        opened.session_id,
        httponly=True,
        samesite="Lax",
        secure=svc.secure,
        path="/",
        max_age=int(svc.settings.console.lifetime.total_seconds()),
    )
    return response


@routes.post("/console/sign-out")
async def sign_out(request: web.Request) -> web.StreamResponse:
    svc = request.app[CONSOLE]
    async with svc.sessions() as session, session.begin():
        await close_session(
            session, session_id=request.cookies.get(SESSION_COOKIE, ""), now=svc.clock.now()
        )
    return _signed_out("here")


@routes.post("/console/sign-out-everywhere")
async def sign_out_all(request: web.Request) -> web.StreamResponse:
    svc, person = request.app[CONSOLE], viewer_of(request).person
    async with svc.sessions() as session, session.begin():
        await sign_out_everywhere(session, person_id=person.id or 0, now=svc.clock.now())
    return _signed_out("everywhere")


def _signed_out(where: str) -> web.StreamResponse:
    response = _see_other(f"/console/sign-in?signed_out={where}")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def _client(request: web.Request) -> str:
    return request.remote or "unknown"


def _throttled(request: web.Request, svc: ConsoleServices) -> bool:
    return svc.link_failures.remaining(_client(request), svc.clock.now()) <= 0


def _failed(request: web.Request, svc: ConsoleServices) -> None:
    svc.link_failures.record(_client(request), svc.clock.now())


def _link_refused(request: web.Request, reason: str, status: int) -> web.Response:
    return console_page(
        request, "console/refused.html", status=status, lang=request_lang(request), reason=reason
    )
