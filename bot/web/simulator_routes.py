"""The simulator page ("/") and its WebSocket ("/ws")."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import WSMsgType, web

from bot.transport.simulator.transport import SimulatorTransport
from bot.web.keys import SIMULATOR, SOCKETS
from bot.web.rendering import html_page
from bot.web.simulator_socket import SocketSession

routes = web.RouteTableDef()


@routes.get("/")
async def simulator_page(request: web.Request) -> web.Response:
    simulator = request.app[SIMULATOR]
    return html_page(
        request, "simulator.html", roster=roster_json(simulator), bot_name=simulator.bot_name
    )


@routes.get("/ws")
async def simulator_socket(request: web.Request) -> web.WebSocketResponse:
    socket = web.WebSocketResponse(heartbeat=30)
    await socket.prepare(request)
    simulator = request.app[SIMULATOR]
    session = SocketSession(simulator, socket)
    subscription = simulator.subscribe()
    request.app[SOCKETS].add(socket)
    pump = asyncio.create_task(session.pump(subscription), name="simulator-socket-pump")
    try:
        async for message in socket:
            if message.type is WSMsgType.TEXT:
                await session.handle(message.data)
    finally:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump
        simulator.unsubscribe(subscription)
        request.app[SOCKETS].discard(socket)
    return socket


def roster_json(simulator: SimulatorTransport) -> dict[str, object]:
    roster = simulator.roster
    identities = [
        {
            "contact_id": i.contact_id,
            "name": i.name,
            "lang": i.lang,
            "roles": list(i.roles),
            "role": i.primary_role,
        }
        for i in roster.identities
    ]
    groups = [{"chat_id": g.chat_id, "name": g.name} for g in roster.groups]
    return {"identities": identities, "groups": groups, "bot_name": simulator.bot_name}
