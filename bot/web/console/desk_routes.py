"""The event desk, read side: GET /console/events (filters, keyset pages),
GET /console/events/{number} (the event, its place, its photos, its whole timeline and the
actions the person may take on it: desk_actions.py) and
GET /console/events/{number}/photos/{file} (one photo, to those who may see the event)."""

from __future__ import annotations

from aiohttp import web

from bot.followup.reporters import shown
from bot.kinds import INCIDENT_KINDS, Kind
from bot.media import MediaFolder, content_type
from bot.place_names import place_view
from bot.web.console.desk_actions import actions_for, take_notice
from bot.web.console.pages import console_page
from bot.web.console.reveal_routes import may_reveal
from bot.web.console.services import CONSOLE
from bot.web.console.viewer import viewer_of
from handlers.leader.auth import may_change
from models.crud.console_places import houses_in
from models.crud.event_desk import DeskFilter, desk_page, scoped_event, timeline
from models.crud.event_queries import reporters_of
from models.crud.house_names import house_name
from models.crud.photos import event_photo, photos_of
from models.person import Person
from models.states import EventState

routes = web.RouteTableDef()

PAGE_SIZE = 50
KINDS = [kind for kind in Kind if kind in INCIDENT_KINDS]
LEVELS = (0, 1, 2, 3)


def read_filters(query: dict[str, str], house_ids: dict[str, int]) -> tuple[DeskFilter, list[str]]:
    """The filters a query string asks for, and the names of the ones it got wrong."""
    wrong: list[str] = []

    def pick(name: str, allowed: dict[str, object]) -> object | None:
        value = query.get(name, "")
        if value and value not in allowed:
            wrong.append(name)
        return allowed.get(value) if value else None

    state = pick("state", {s.value: s for s in EventState})
    kind = pick("kind", {k.value: k for k in Kind})
    level = pick("level", {str(n): n for n in LEVELS})
    house = pick("place", dict(house_ids))
    overdue = query.get("overdue", "") in ("1", "on", "true")
    words = query.get("q", "")[:100]
    return (
        DeskFilter(
            state=state if isinstance(state, EventState) else None,
            kind=kind if isinstance(kind, Kind) else None,
            level=level if isinstance(level, int) else None,
            overdue=overdue,
            house=house if isinstance(house, int) else None,
            words=words,
        ),
        wrong,
    )


@routes.get("/console/events")
async def event_list(request: web.Request) -> web.Response:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    query = dict(request.query)
    before_text = query.get("before", "")
    before = int(before_text) if before_text.isdigit() else None
    async with svc.sessions() as session:
        places = await houses_in(session, houses=viewer.scope.houses)
        filters, wrong = read_filters(query, {p.house.code: p.house.id for p in places})
        if before_text and before is None:
            wrong.append("before")
        rows, next_before = await desk_page(
            session,
            houses=viewer.scope.houses,
            filters=filters,
            now=svc.clock.now(),
            before_id=before,
            size=PAGE_SIZE,
        )
    kept = {k: v for k, v in query.items() if k != "before" and v}
    return console_page(
        request,
        "console/events.html",
        status=400 if wrong else 200,
        rows=rows,
        next_before=next_before,
        first_page=before is None,
        kept=kept,
        wrong=wrong,
        query=query,
        places=places,
        kinds=KINDS,
        states=list(EventState),
        levels=LEVELS,
        now=svc.clock.now(),
        tz=svc.settings.timezone,
    )


@routes.get("/console/events/{number}")
async def event_page(request: web.Request) -> web.Response:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    async with svc.sessions() as session:
        event = await scoped_event(
            session, number=request.match_info["number"], houses=viewer.scope.houses
        )
        if event is None or event.id is None or event.landlord_grid_id is None:
            return console_page(request, "console/not_found.html", status=404)
        [place] = await houses_in(session, houses=[event.landlord_grid_id])
        # The building as the chat names it: only where the house covers several.
        loc = place_view(event, await house_name(session, landlord_grid_id=event.landlord_grid_id))
        steps = await timeline(session, event_id=event.id)
        # An anonymous clue's reporter is on no page; community staff may reveal them.
        reporters = shown(event, await reporters_of(session, event=event))
        revealable = await may_reveal(
            session, event=event, community_ids=viewer.scope.community_ids
        )
        assignee = await session.get(Person, event.assignee_id) if event.assignee_id else None
        photos = await photos_of(session, event_id=event.id)
        # The chat's own permission: who may not change it sees no buttons (and a POST
        # is refused all the same).
        may_act = await may_change(session, person=viewer.person, event=event, now=svc.clock.now())
    return console_page(
        request,
        "console/event.html",
        event=event,
        place=place,
        loc=loc,
        steps=steps,
        reporters=reporters,
        may_reveal=revealable,
        reveal_error=request.query.get("reveal") == "purpose",
        assignee=assignee,
        photos=photos,
        actions=actions_for(event.state) if may_act else [],
        may_act=may_act,
        notice=take_notice(request),
        tz=svc.settings.timezone,
        now=svc.clock.now(),
    )


@routes.get("/console/events/{number}/photos/{file}")
async def event_photo_file(request: web.Request) -> web.StreamResponse:
    """A photo of an event the person may see (the same scope as the event's page); any
    other event, a photo it does not have or a name that is no stored photo: 404."""
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    name = request.match_info["file"]
    async with svc.sessions() as session:
        event = await scoped_event(
            session, number=request.match_info["number"], houses=viewer.scope.houses
        )
        photo = None
        if event is not None and event.id is not None:
            photo = await event_photo(session, event_id=event.id, file=name)
    path = MediaFolder(svc.settings.media.path).file(name) if photo is not None else None
    if path is None:
        return console_page(request, "console/not_found.html", status=404)
    headers = {
        "Content-Type": content_type(name),
        # Personal pictures: kept by no shared cache, and never sniffed as anything else.
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
    }
    return web.FileResponse(path, headers=headers)
