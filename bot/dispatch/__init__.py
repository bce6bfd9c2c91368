"""Routers, filters and handlers; what handlers return; the outer middleware (pipeline).

A feature writes `router = Router("reports")` and registers handlers with
`@router.message(*filters)` (and `@router.join()` for people joining a group);
bot/dispatch/routers.py composes the features' router objects in priority order. Filters
and handlers take only the context values they name (see `Pipeline`).
"""

from bot.dispatch.outbound import Outbound, Recipient, ToGroup, ToPerson, reply
from bot.dispatch.participants import Chat, Sender
from bot.dispatch.router import UNHANDLED, Router

__all__ = [
    "UNHANDLED",
    "Chat",
    "Outbound",
    "Recipient",
    "Router",
    "Sender",
    "ToGroup",
    "ToPerson",
    "reply",
]
