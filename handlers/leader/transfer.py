"""Hand-over ("转派 42 给 物业") and send-back ("退回 42 不归我管").

Both make the event assigned again, to someone else, with a fresh acknowledge deadline
and the escalation started over: the new person answers first. A sent-back event goes to
whoever handed it over, else one step up the ladder from the assignee.
"""

from __future__ import annotations

from bot.dispatch.outbound import Outbound
from bot.followup.replan import replan
from handlers.leader.act import Act
from handlers.leader.auth import people_above_assignee
from handlers.leader.people import find_person
from models.crud.event_queries import last_actor_of
from models.crud.events import change_state
from models.person import Person
from models.states import EventState

HANDOVER = "handover"
SEND_BACK = "send_back"


async def hand_over(act: Act) -> list[Outbound]:
    target = act.target
    if not target:
        raise act.refusal("no_target")
    found = await find_person(act.session, text=target, event=act.event)
    if found.person is None:
        names = [p.name for p in found.candidates]
        reason = "ambiguous_person" if names else "unknown_person"
        raise act.refusal(reason, names=names, who=target)
    person = found.person
    if person.id == act.event.assignee_id:
        raise act.refusal("same_person", who=person.name)
    await _reassign(act, person, HANDOVER)
    return [
        *act.done(HANDOVER, who=person.name),
        *act.to_person(person, "handed_over", hold=True, by=act.actor.name, note=None),
    ]


async def send_back(act: Act) -> list[Outbound]:
    person = await _sent_back_to(act)
    if person is None:
        raise act.refusal("nowhere_back")
    await _reassign(act, person, SEND_BACK)
    return [
        *act.done(SEND_BACK, who=person.name),
        *act.to_person(person, "sent_back", by=act.actor.name, reason=act.note),
    ]


async def _sent_back_to(act: Act) -> Person | None:
    event = act.event
    assert event.id is not None
    giver = await last_actor_of(act.session, event_id=event.id, action=HANDOVER)
    if giver is not None and giver not in (event.assignee_id, act.actor.id):
        return await act.session.get(Person, giver)
    for person_id in await people_above_assignee(act.session, event=event):
        if person_id != act.actor.id:
            return await act.session.get(Person, person_id)
    return None


async def _reassign(act: Act, person: Person, action: str) -> None:
    event = act.event
    note = f"→ {person.name}" + (f": {act.note}" if act.note else "")
    await change_state(
        act.session,
        event=event,
        to_state=EventState.ASSIGNED,
        actor_id=act.actor.id,
        at=act.now,
        note=note,
        action=action,
    )
    event.assignee_id = person.id
    event.escalation_level = 0
    due = act.rules.deadlines(event.kind, urgent=event.urgent, start=act.now)
    event.acknowledge_due = due.acknowledge
    await replan(act.session, event=event, rules=act.rules, now=act.now)
