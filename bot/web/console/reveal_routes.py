"""POST /console/events/{number}/reveal-reporter: who sent an anonymous clue (线索举报).

Only community staff of the event's community may ask, and only with a purpose; the purpose,
the asker and the time go to the audit log (models/audit.py, ReporterReveal) before the name
is shown, on this one response (no cookie, no notice, nothing cached). Everyone else's event
page says "anonymous" and has no form; a POST from them is refused (403).
"""

from __future__ import annotations

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.web.console.pages import console_page
from bot.web.console.services import CONSOLE
from bot.web.console.viewer import viewer_of
from models.crud.event_desk import scoped_event
from models.crud.reveals import reveal_reporter
from models.event import Event
from models.grid import LandlordGrid

routes = web.RouteTableDef()

PURPOSE_MIN, PURPOSE_MAX = 4, 256  # a reason a reviewer can read, not a word


async def may_reveal(session: AsyncSession, *, event: Event, community_ids: frozenset[int]) -> bool:
    """Community staff of the event's community, for an anonymous event."""
    if not event.anonymous or event.landlord_grid_id is None:
        return False
    house = await session.get(LandlordGrid, event.landlord_grid_id)
    return house is not None and house.community_id in community_ids


@routes.post("/console/events/{number}/reveal-reporter")
async def reveal(request: web.Request) -> web.StreamResponse:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    number = request.match_info["number"]
    form = await request.post()  # read already by the guard (CSRF): this is its cache
    purpose = " ".join(str(form.get("purpose", "")).split())
    async with svc.writing(), svc.sessions() as session, session.begin():
        event = await scoped_event(session, number=number, houses=viewer.scope.houses)
        if event is None:
            return console_page(request, "console/not_found.html", status=404)
        if not await may_reveal(session, event=event, community_ids=viewer.scope.community_ids):
            return console_page(request, "console/not_found.html", status=403)
        if not PURPOSE_MIN <= len(purpose) <= PURPOSE_MAX:
            raise web.HTTPSeeOther(f"/console/events/{number}?reveal=purpose")
        assert viewer.person.id is not None
        person = await reveal_reporter(
            session, event=event, viewer_id=viewer.person.id, purpose=purpose, now=svc.clock.now()
        )
    response = console_page(
        request,
        "console/reporter_revealed.html",
        event=event,
        person=person,
        purpose=purpose,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
