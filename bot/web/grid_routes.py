"""GET /grid: the grid hierarchy with each level's responsible person and group chat, as the
database holds it, limited to the signed-in person's part of the grid."""

from __future__ import annotations

from aiohttp import web

from bot.web.console.services import CONSOLE
from bot.web.console.viewer import viewer_of
from bot.web.grid_scope import within
from bot.web.grid_tree import grid_tree
from bot.web.rendering import html_page
from models.crud.console_places import houses_in
from models.crud.directory_export import stored_directory

routes = web.RouteTableDef()


@routes.get("/grid")
async def grid_page(request: web.Request) -> web.Response:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    async with svc.sessions() as session:
        codes = {p.house.code for p in await houses_in(session, houses=viewer.scope.houses)}
        directory = within(await stored_directory(session), codes)
    response = html_page(
        request,
        "grid.html",
        communities=grid_tree(directory),
        people_count=len(directory.people),
        group_count=sum(1 for g in directory.landlord_grids if g.group_chat),
    )
    response.headers["Cache-Control"] = "no-store"
    return response
