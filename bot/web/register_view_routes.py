"""GET /register/{code}: a house's register (masked); GET /register: coverage of the houses.

Both sit behind the console's sign-in and show only the signed-in person's houses: a house
outside their part of the grid answers 404, as if it did not exist.
"""

from __future__ import annotations

from aiohttp import web

from bot.register.views import all_house_views, coverage_by_community, house_view
from bot.web.console.viewer import viewer_of
from bot.web.register_pages import house_of, page, services
from bot.web.register_words import words

routes = web.RouteTableDef()


def _lang(request: web.Request) -> str:
    asked = request.query.get("lang", "")
    return asked if asked in ("zh", "en") else viewer_of(request).lang


@routes.get("/register")
async def coverage_page(request: web.Request) -> web.Response:
    svc, viewer = services(request), viewer_of(request)
    async with svc.sessions() as session:
        views = await all_house_views(
            session,
            register=svc.settings.register,
            keys=svc.keys,
            now=svc.clock.now(),
            houses_in=viewer.scope.houses,
        )
    communities = coverage_by_community(views)
    lang = _lang(request)
    return page(request, "register_coverage.html", lang, views=views, communities=communities)


@routes.get("/register/{code}")
async def register_page(request: web.Request) -> web.Response:
    svc, viewer = services(request), viewer_of(request)
    async with svc.sessions() as session:
        house = await house_of(request, session)
        if house.id not in viewer.scope.houses:
            # Outside the scope is answered as an unknown code: the page tells nothing.
            raise web.HTTPNotFound(text=words(_lang(request))["no_house"])
        view = await house_view(
            session, house=house, register=svc.settings.register, keys=svc.keys, now=svc.clock.now()
        )
    return page(request, "register_view.html", _lang(request), view=view, house=house)
