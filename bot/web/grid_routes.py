"""GET /grid: the loaded grid hierarchy with each level's responsible person and group chat."""

from __future__ import annotations

from aiohttp import web

from bot.web.grid_tree import grid_tree
from bot.web.keys import DIRECTORY
from bot.web.rendering import html_page

routes = web.RouteTableDef()


@routes.get("/grid")
async def grid_page(request: web.Request) -> web.Response:
    directory = request.app[DIRECTORY]
    return html_page(
        request,
        "grid.html",
        communities=grid_tree(directory),
        people_count=len(directory.people),
        group_count=sum(1 for g in directory.landlord_grids if g.group_chat),
    )
