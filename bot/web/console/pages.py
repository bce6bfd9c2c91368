"""Rendering a console page: the person's words, the CSRF token and its cookie, no caching."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.words import LANGS, words
from bot.web.console.services import CONSOLE
from bot.web.console.viewer import VIEWER
from bot.web.rendering import html_page


def request_lang(request: web.Request) -> str:
    """Before sign-in: `?lang=`, else the bot's language."""
    asked = request.query.get("lang", "")
    if asked in LANGS:
        return asked
    svc = request.app.get(CONSOLE)
    return svc.settings.bot.language if svc is not None else LANGS[0]


def console_page(
    request: web.Request,
    template: str,
    *,
    status: int = 200,
    lang: str | None = None,
    **context: Any,
) -> web.Response:
    viewer = request.get(VIEWER)
    chosen = lang or (viewer.lang if viewer is not None else request_lang(request))
    chosen = chosen if chosen in LANGS else LANGS[0]
    svc = request.app[CONSOLE]
    token = svc.csrf.token_for(request)
    response = html_page(
        request,
        template,
        status=status,
        t=words(chosen),
        lang=chosen,
        viewer=viewer,
        csrf_token=token,
        path=request.path,
        **context,
    )
    response.headers["Cache-Control"] = "no-store"  # a shared phone must not show it again
    svc.csrf.remember(response, token)
    return response


def refusal_page(
    request: web.Request, reason: str, *, status: int, lang: str | None = None
) -> web.Response:
    """Why the request was refused and what to do (sign in, reload, ask the community)."""
    return console_page(request, "console/refused.html", status=status, lang=lang, reason=reason)
