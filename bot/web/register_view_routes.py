"""GET /register/{code}: a house's register (masked); GET /register: coverage of all houses."""

from __future__ import annotations

from aiohttp import web

from bot.register.views import all_house_views, coverage_by_community, house_view
from bot.web.register_pages import house_of, lang_of, page, services

routes = web.RouteTableDef()


@routes.get("/register")
async def coverage_page(request: web.Request) -> web.Response:
    svc = services(request)
    async with svc.sessions() as session:
        views = await all_house_views(
            session, register=svc.settings.register, keys=svc.keys, now=svc.clock.now()
        )
    communities = coverage_by_community(views)
    lang = lang_of(request)
    return page(request, "register_coverage.html", lang, views=views, communities=communities)


@routes.get("/register/{code}")
async def register_page(request: web.Request) -> web.Response:
    svc = services(request)
    async with svc.sessions() as session:
        house = await house_of(request, session)
        view = await house_view(
            session, house=house, register=svc.settings.register, keys=svc.keys, now=svc.clock.now()
        )
    return page(request, "register_view.html", lang_of(request), view=view, house=house)
