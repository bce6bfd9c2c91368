"""/healthz, /readyz and /metrics: for a supervisor, a load balancer and Prometheus."""

from __future__ import annotations

from aiohttp import web

from bot.web.keys import OPERATIONS

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    """The process is alive and its event loop answers."""
    return web.json_response({"alive": True})


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    readiness = await request.app[OPERATIONS].readiness()
    return web.json_response(readiness.as_json(), status=200 if readiness.ready else 503)


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    body, content_type = await request.app[OPERATIONS].metrics(request.headers.get("Accept", ""))
    return web.Response(body=body, headers={"Content-Type": content_type})
