"""The event desk's write actions: POST /console/events/{number}/{verb}.

Each carries out a leader command (bot/console/desk.py: the chat's own step, permission
check, log rows and messages). The console guard already requires a session and checks the
CSRF token on every POST; the event is found only inside the signed-in person's scope
(404 otherwise). Then: the messages go into the outbox in the same transaction, the outbox
sender and the follow-up worker are woken, and a 303 leads back to the event page, which
shows once what was done or why nothing was (the chat's own refusal sentence).

To add an action: a `DeskAction` in `ACTIONS` (the detail page shows a form for each action
whose `states` hold the event's state), naming a verb of the leader's verb table.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.console.desk import desk_command
from bot.console.words import words
from bot.web.console.pages import console_page
from bot.web.console.services import CONSOLE, ConsoleServices, Notice
from bot.web.console.viewer import Viewer, viewer_of
from handlers.leader.act import Refused
from handlers.leader.grammar import Verb
from models.crud.event_desk import scoped_event
from models.person import Person
from models.states import EventState

routes = web.RouteTableDef()

NOTE_LIMIT = 500  # a reason or a progress note, not a report

S = EventState
WORKING = frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.REOPENED})
OPEN_NOT_RESOLVED = WORKING | {S.NEW}


@dataclass(frozen=True, slots=True)
class DeskAction:
    verb: Verb  # the leader command; its value is the last part of the POST path
    states: frozenset[EventState]  # the event states the action is offered in
    note: str = ""  # "", "optional" or "required": a note or a reason
    needs_target: bool = False  # whom to hand it to (a name, directory key or role)

    @property
    def label(self) -> str:
        """A key of the console's words."""
        return f"do_{self.verb.value}"


ACTIONS: tuple[DeskAction, ...] = (
    DeskAction(Verb.ACK, frozenset({S.ASSIGNED, S.REOPENED})),
    DeskAction(Verb.PROGRESS, WORKING, note="optional"),
    DeskAction(Verb.RESOLVE, WORKING, note="optional"),
    DeskAction(Verb.HANDOVER, OPEN_NOT_RESOLVED, needs_target=True),
    DeskAction(Verb.SEND_BACK, WORKING, note="required"),
    DeskAction(Verb.DUPLICATE, OPEN_NOT_RESOLVED, note="required"),
    DeskAction(Verb.NOT_RESPONSIBLE, OPEN_NOT_RESOLVED, note="required"),
)
_BY_PATH = {action.verb.value: action for action in ACTIONS}


def actions_for(state: EventState) -> list[DeskAction]:
    return [action for action in ACTIONS if state in action.states]


def take_notice(request: web.Request) -> Notice | None:
    """The notice the last action left for this session's next page (shown once)."""
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    if viewer.session_id not in svc.notices:
        return None
    notice = svc.notices[viewer.session_id]
    svc.notices.discard(viewer.session_id)
    return notice


class _OutOfScope(Exception):
    pass


@routes.post("/console/events/{number}/{verb}")
async def act_on_event(request: web.Request) -> web.StreamResponse:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    number = request.match_info["number"]
    action = _BY_PATH.get(request.match_info["verb"])
    if action is None:
        return console_page(request, "console/not_found.html", status=404)
    form = await request.post()  # read already by the guard (CSRF): this is its cache
    note = str(form.get("note", "")).strip()[:NOTE_LIMIT] if action.note else ""
    target = str(form.get("target", "")).strip()[:NOTE_LIMIT] if action.needs_target else ""
    now = svc.clock.now()
    try:
        async with svc.writing(), svc.sessions() as session, session.begin():
            event = await scoped_event(session, number=number, houses=viewer.scope.houses)
            if event is None:
                raise _OutOfScope
            actor = await session.get_one(Person, viewer.person.id)
            outbounds = await desk_command(
                session,
                actor=actor,
                event=event,
                verb=action.verb,
                note=note or None,
                target=target or None,
                settings=svc.settings,
                rules=svc.rules,
                now=now,
            )
            await svc.enqueuer.enqueue(session, outbounds, now=now)
    except _OutOfScope:
        return console_page(request, "console/not_found.html", status=404)
    except Refused as refusal:  # the transaction is rolled back: nothing was changed
        _leave(svc, viewer, Notice("refused", _refusal_text(svc, viewer, refusal)))
    else:
        svc.notify()
        text = words(viewer.lang)[f"done_{action.verb.value}"].format(number=number)
        _leave(svc, viewer, Notice("done", text))
    return web.Response(status=303, headers={"Location": f"/console/events/{number}"})


def _leave(svc: ConsoleServices, viewer: Viewer, notice: Notice) -> None:
    svc.notices.put(viewer.session_id, notice)


def _refusal_text(svc: ConsoleServices, viewer: Viewer, refusal: Refused) -> str:
    """The sentence the chat would answer with, in the person's language."""
    said = refusal.to(viewer.person.contact_id or "", viewer.lang)
    return svc.enqueuer.renderer.render(said.template, said.context, viewer.lang)
