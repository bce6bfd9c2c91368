"""Every route of the tenant register's web pages, for the app factory's `extra_routes`."""

from __future__ import annotations

from aiohttp import web

from bot.web import clue_routes, register_routes, register_view_routes

ROUTES: tuple[web.AbstractRouteDef, ...] = (
    *register_routes.routes,
    *register_view_routes.routes,
    *clue_routes.routes,
)
