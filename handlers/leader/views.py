"""What a leader can look at: their open events ("我的", "list") and one event ("详情 42")."""

from __future__ import annotations

from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.reporters import shown
from handlers.event_cards import event_card, event_cards, history_card, name_of
from handlers.leader.act import Act, You
from models.crud.away import standing_in_for
from models.crud.event_queries import event_history, events_of_assignee, reporters_of
from models.crud.photos import photos_of
from models.photo import PhotoRole

LIST_LIMIT = 20  # a chat message, not a report: the oldest first, then "and N more"


async def show_list(you: You) -> Outbound:
    """The person's open events, then those of anyone they stand in for while away."""
    session, person, now, tz = you.session, you.person, you.now, you.tz
    assert person.id is not None
    events = await events_of_assignee(session, person_id=person.id)
    covering = []
    for away in await standing_in_for(session, deputy_id=person.id, now=now):
        theirs = await events_of_assignee(session, person_id=away.person_id)
        name = await name_of(session, away.person_id)
        cards = await event_cards(session, theirs[:LIST_LIMIT], tz)
        covering.append({"name": name, "events": cards})
    context = {
        "name": person.name,
        "events": await event_cards(session, events[:LIST_LIMIT], tz),
        "more": max(0, len(events) - LIST_LIMIT),
        "covering": [entry for entry in covering if entry["events"]],
    }
    return you.tell("my_events", context)


async def show_details(act: Act) -> list[Outbound]:
    session, event, tz = act.session, act.event, act.settings.timezone
    if act.answer is None:
        return []
    assert event.id is not None
    reporters = await reporters_of(session, event=event)
    logs = await event_history(session, event_id=event.id)
    photos = await photos_of(session, event_id=event.id)
    context = {
        "event": await event_card(session, event, tz),
        "reporters": [p.name for p in shown(event, reporters)],
        "assignee": await name_of(session, event.assignee_id),
        "close_reason": event.close_reason.value if event.close_reason else None,
        "history": await history_card(session, logs, tz),
        # A chat shows no pictures: how many, and the console page that does.
        "photos": {
            "report": sum(1 for p in photos if p.role is PhotoRole.REPORT),
            "fix": sum(1 for p in photos if p.role is PhotoRole.FIX),
            "page": f"{act.settings.register.public_url}/console/events/{event.number}",
        }
        if photos
        else None,
    }
    return [Outbound("event_details", act.answer, context)]


def help_for(contact_id: str, lang: str, *, unknown: bool = False) -> Outbound:
    return Outbound("leader_help", ToPerson(contact_id, lang), {"unknown": unknown})


async def show_help(you: You) -> Outbound:
    return help_for(you.contact_id, you.lang)
