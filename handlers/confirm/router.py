"""The reporter's answer to "is it fixed?": yes closes the event as fixed, no reopens it to
the assignee with the reason (and a fresh resolve deadline).

Only the reporter (first or merged) of a resolved event is heard, in the chat where they
were asked: the event's group, or a direct chat. Anyone else's "好了" is chatter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.followup.replan import replan
from bot.followup.reporters import shown_name
from bot.followup.specs import FollowupRules
from handlers.confirm.grammar import Answer, parse_answer
from handlers.event_cards import event_card, name_of
from handlers.own_messages import not_from_bot
from models.crud.event_queries import awaiting_confirmation
from models.crud.events import change_state
from models.event import Event
from models.person import Person
from models.states import CloseReason, EventState

router = Router("confirm", not_from_bot)

CONFIRM = "confirm"
REOPEN = "reopen"


def confirmation_answer(inbound: Inbound) -> dict[str, Any] | None:
    answer = parse_answer(inbound.text)
    return {"answer": answer} if answer is not None else None


@router.message(confirmation_answer)
async def take_answer(
    inbound: Inbound,
    answer: Answer,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> HandlerResult:
    person = sender.person
    if person is None or person.id is None:
        return UNHANDLED
    event = await awaiting_confirmation(
        session,
        person_id=person.id,
        chat_id=inbound.chat_id,
        in_group=inbound.chat_kind is ChatKind.GROUP,
    )
    if event is None:
        return UNHANDLED
    assignee = await session.get(Person, event.assignee_id) if event.assignee_id else None
    if answer.fixed:
        await change_state(
            session,
            event=event,
            to_state=EventState.CLOSED,
            actor_id=_actor(event, person),
            at=now,
            action=CONFIRM,
            close_reason=CloseReason.FIXED,
        )
        await replan(session, event=event, rules=rules, now=now)
        return await _told(
            session, inbound, sender, assignee, event, settings, "confirm_closed", {}
        )
    await change_state(
        session,
        event=event,
        to_state=EventState.REOPENED,
        actor_id=_actor(event, person),
        at=now,
        note=answer.reason,
        action=REOPEN,
    )
    event.resolve_due = rules.deadlines(event.kind, urgent=event.urgent, start=now).resolve
    await replan(session, event=event, rules=rules, now=now)
    extra = {"reason": answer.reason, "handler": await name_of(session, event.assignee_id)}
    return await _told(
        session, inbound, sender, assignee, event, settings, "reopened_to_assignee", extra
    )


def _actor(event: Event, person: Person) -> int | None:
    # An anonymous clue's log names nobody: the console's timeline shows the log's actors.
    return None if event.anonymous else person.id


async def _told(
    session: AsyncSession,
    inbound: Inbound,
    sender: Sender,
    assignee: Person | None,
    event: Event,
    settings: Settings,
    template: str,
    extra: dict[str, Any],
) -> list[Outbound]:
    """The reporter hears back where they answered; the assignee hears it directly."""
    context = {
        "event": await event_card(session, event, settings.timezone),
        # As the chat shows them; an anonymous clue's reporter by nobody's name.
        "reporter": None
        if shown_name(event, sender.person) is None and event.anonymous
        else sender.name,
        "to_assignee": False,
        **extra,
    }
    outbounds = [reply(inbound, template, context, lang=sender.lang)]
    if assignee is not None and assignee.contact_id and assignee.contact_id != inbound.sender_id:
        to = ToPerson(assignee.contact_id, assignee.lang)
        outbounds.append(Outbound(template, to, {**context, "to_assignee": True}))
    return outbounds
