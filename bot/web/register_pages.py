"""Rendering a household page: language, words, the CSRF token and its cookie."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.web.register_services import REGISTER, RegisterServices
from bot.web.register_words import LANGS, other, words
from bot.web.rendering import html_page
from models.crud.grid import landlord_grid_by_code
from models.grid import LandlordGrid


def lang_of(request: web.Request, form: dict[str, str] | None = None) -> str:
    lang = (form or {}).get("lang") or request.query.get("lang", LANGS[0])
    return lang if lang in LANGS else LANGS[0]


async def house_of(request: web.Request, session: AsyncSession) -> LandlordGrid:
    house = await landlord_grid_by_code(session, code=request.match_info["code"])
    if house is None:
        raise web.HTTPNotFound(text=words(lang_of(request))["no_house"])
    return house


async def stored_house(request: web.Request) -> LandlordGrid:
    """The house the URL names, read in a session of its own (for pages that only show it)."""
    async with services(request).sessions() as session:
        return await house_of(request, session)


async def posted_form(request: web.Request) -> dict[str, str]:
    return {key: str(value) for key, value in (await request.post()).items()}


def services(request: web.Request) -> RegisterServices:
    return request.app[REGISTER]


def page(
    request: web.Request, template: str, lang: str, *, status: int = 200, **context: Any
) -> web.Response:
    guard = services(request).csrf
    token = guard.token_for(request)
    response = html_page(
        request,
        template,
        status=status,
        t=words(lang),
        lang=lang,
        other_lang=other(lang),
        csrf_token=token,
        **context,
    )
    response.headers["Cache-Control"] = "no-store"  # forms may hold personal numbers
    guard.remember(response, token)
    return response
