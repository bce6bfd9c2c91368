"""The event desk's write actions: the extension point phase 2 fills.

Each action is a POST to /console/events/{number}/{verb}. The console guard already
requires a session and checks the CSRF token on every POST, and `desk_event` below finds
the event only inside the signed-in person's scope (404 otherwise). What a handler adds is
the call to the leader package's domain function for the verb (the one the chat command
calls: same permission check, same EventLog row, same chat messages through the outbox),
then a redirect back to the event page.

To add a verb: append a `DeskAction` to `ACTIONS` (the detail page shows a form for each
action whose `states` hold the event's state) and register its handler on `routes`:

    @routes.post("/console/events/{number}/ack")
    async def acknowledge(request: web.Request) -> web.StreamResponse:
        ...

`ACTIONS` is empty in this phase: the desk is read-only until the leader domain functions
have one home.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from models.states import EventState

routes = web.RouteTableDef()


@dataclass(frozen=True, slots=True)
class DeskAction:
    verb: str  # the last part of the POST path
    label: str  # a key of the console's words
    states: frozenset[EventState]  # the event states the action is offered in
    needs_note: bool = False  # a reason or a note is required (send back, not responsible)


ACTIONS: tuple[DeskAction, ...] = ()


def actions_for(state: EventState) -> list[DeskAction]:
    return [action for action in ACTIONS if state in action.states]
