"""The web application's typed keys: what the app factory puts in the app for its routes."""

from __future__ import annotations

import jinja2
from aiohttp import web

from bot.directory import Directory
from bot.transport.simulator.transport import SimulatorTransport

DIRECTORY = web.AppKey("directory", Directory)
SIMULATOR = web.AppKey("simulator", SimulatorTransport)
TEMPLATES = web.AppKey("templates", jinja2.Environment)
# Open WebSockets, closed at shutdown: a browser tab must not hold the server open.
SOCKETS = web.AppKey[set[web.WebSocketResponse]]("sockets")
