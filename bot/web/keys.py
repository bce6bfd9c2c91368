"""The web application's typed keys: what the app factory puts in the app for its routes."""

from __future__ import annotations

import jinja2
from aiohttp import web

from bot.operations import Operations
from bot.transport.simulator.transport import SimulatorTransport

SIMULATOR = web.AppKey("simulator", SimulatorTransport)
OPERATIONS = web.AppKey("operations", Operations)  # health, readiness, metrics
TEMPLATES = web.AppKey("templates", jinja2.Environment)
# Open WebSockets, closed at shutdown: a browser tab must not hold the server open.
SOCKETS = web.AppKey[set[web.WebSocketResponse]]("sockets")
