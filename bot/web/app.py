"""The aiohttp application factory.

Public: the household pages (/h/CODE, from `extra_routes`), sign-in (/login/TOKEN,
/console/sign-in), static files and the operator's /healthz, /readyz and /metrics; the
chat simulator ("/", "/ws") only when the transport is the simulator. Behind a session
(bot/web/console/guard.py): the console (/console...), the grid tree (/grid) and the
register (/register...). Without console services those protected paths answer 404.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path

import jinja2
from aiohttp import WSCloseCode, web

from bot.operations import Operations
from bot.transport.simulator.transport import SimulatorTransport
from bot.web import grid_routes, operations, simulator_routes, words_script
from bot.web.console import (
    assessment_routes,
    dashboard_routes,
    desk_actions,
    desk_routes,
    login_routes,
    reveal_routes,
)
from bot.web.console.guard import console_guard
from bot.web.console.services import ConsoleServices
from bot.web.keys import OPERATIONS, SIMULATOR, SOCKETS, TEMPLATES

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "web"
STATIC_DIR = Path(__file__).resolve().parent / "static"

CleanupContext = Callable[[web.Application], AsyncIterator[None]]
CONSOLE_ROUTES = (
    login_routes.routes,
    dashboard_routes.routes,
    desk_routes.routes,
    reveal_routes.routes,  # before desk_actions': its path would match /{verb}
    desk_actions.routes,
    assessment_routes.routes,
    grid_routes.routes,
)


def create_web_app(
    *,
    simulator: SimulatorTransport | None = None,
    console: ConsoleServices | None = None,
    templates_dir: Path = TEMPLATES_DIR,
    extra_routes: Iterable[web.AbstractRouteDef] = (),
    cleanup_ctx: Iterable[CleanupContext] = (),
    ops: Operations | None = None,
) -> web.Application:
    """Build the web app; `cleanup_ctx` lets the caller tie its own resources to the app's life.

    Without a simulator (the WeChat transport) "/" leads to the console. With `ops` (the
    running bot's) it serves /healthz, /readyz and /metrics, public like /static.
    """
    app = web.Application(middlewares=[console_guard])
    app[TEMPLATES] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    app.cleanup_ctx.append(_websockets)
    app.on_shutdown.append(_close_websockets)
    app.cleanup_ctx.extend(cleanup_ctx)
    if console is not None:
        app.cleanup_ctx.append(console.attach)
        for table in CONSOLE_ROUTES:
            app.add_routes(table)
    if simulator is not None:
        app[SIMULATOR] = simulator
        app.add_routes(simulator_routes.routes)
    else:
        app.router.add_get("/", _to_console)
    if ops is not None:
        app[OPERATIONS] = ops
        app.add_routes(operations.routes)
    app.router.add_static("/static", STATIC_DIR)
    app.router.add_get(words_script.PATH, words_script.words_script)
    app.add_routes(list(extra_routes))
    return app


async def _websockets(app: web.Application) -> AsyncIterator[None]:
    app[SOCKETS] = set()
    yield
    await _close_websockets(app)


async def _close_websockets(app: web.Application) -> None:
    for socket in list(app.get(SOCKETS, ())):
        await socket.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")


async def _to_console(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/console")
