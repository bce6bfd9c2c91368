"""Leader commands in direct chats: acknowledge, progress, resolve, hand over, send back,
list, details, away/back (grammar in leader_commands, permissions in leader_auth).

Residents write to the bot directly too (a report, a confirmation): what is not a command
from a worker falls through to the next routers. Only a resident naming an event number
in a command is refused, like any worker who may not change that event; nothing changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_direct
from bot.dispatch.outbound import Outbound, ToPerson
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.followup.specs import FollowupRules
from bot.kinds import Kind
from bot.nlu.reading import Reading
from handlers.confirm.grammar import parse_answer
from handlers.leader.act import Act, refused
from handlers.leader.auth import is_worker, may_change
from handlers.leader.away import come_back, go_away
from handlers.leader.changes import acknowledge, progress, resolve
from handlers.leader.event import choose_event
from handlers.leader.grammar import Command, Verb, parse_command
from handlers.leader.transfer import hand_over, send_back
from handlers.leader.views import event_details, my_events
from handlers.own_messages import not_from_bot
from handlers.reports.correction import correction
from models.crud.dialogs import current_dialog
from models.states import IllegalTransition

router = Router("leader", in_direct, not_from_bot)

_PERSONAL = frozenset({Verb.HELP, Verb.LIST, Verb.AWAY, Verb.BACK})


def leader_command(inbound: Inbound) -> dict[str, Any] | None:
    command = parse_command(inbound.text)
    return {"command": command} if command is not None else None


@router.message(leader_command)
async def run_command(
    inbound: Inbound,
    command: Command,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> HandlerResult:
    person, contact, lang = sender.person, inbound.sender_id, sender.lang
    if person is None or not await is_worker(session, person):
        if command.ref is None or command.verb in _PERSONAL:
            return UNHANDLED  # "fixed", "好了": maybe a reporter's answer; not ours
        return refused(contact, lang, "not_allowed", number=_typed(command, now, settings))
    tz = settings.timezone
    if command.verb is Verb.HELP:
        return help_for(contact, lang)
    if command.verb is Verb.LIST:
        return await my_events(
            session, person=person, contact_id=contact, lang=lang, now=now, tz=tz
        )
    if command.verb is Verb.AWAY:
        return await go_away(
            session, person=person, command=command, contact_id=contact, lang=lang, now=now, tz=tz
        )
    if command.verb is Verb.BACK:
        return await come_back(session, person=person, contact_id=contact, lang=lang)
    choice = await choose_event(
        session, person=person, ref=command.ref, quoted=inbound.quoted_text, now=now, tz=tz
    )
    if choice.event is None:
        return refused(contact, lang, choice.problem, number=choice.number, numbers=choice.numbers)
    event = choice.event
    if not await may_change(session, person=person, event=event, now=now):
        return refused(contact, lang, "not_allowed", number=event.number)
    if command.verb is Verb.DETAILS:
        return await event_details(session, event=event, contact_id=contact, lang=lang, tz=tz)
    note = None if command.verb is Verb.HANDOVER else command.note
    act = Act(session, person, contact, lang, event, note, settings, rules, now)
    try:
        return await _change(act, command)
    except IllegalTransition:
        return act.refuse("illegal", state=event.state.value)


async def _change(act: Act, command: Command) -> list[Outbound]:
    if command.verb is Verb.ACK:
        return await acknowledge(act)
    if command.verb is Verb.PROGRESS:
        return await progress(act)
    if command.verb is Verb.RESOLVE:
        return await resolve(act)
    if command.verb is Verb.HANDOVER:
        return await hand_over(act, command.target)
    return await send_back(act)


@router.message()
async def unknown_command(
    inbound: Inbound, sender: Sender, session: AsyncSession, reading: Reading, now: datetime
) -> HandlerResult:
    """Short help for a worker's message that is nothing else: not a report or a tenant
    update (the NLU reads a kind), not an answer to an open question, a confirmation or
    a correction."""
    if not await is_worker(session, sender.person) or parse_answer(inbound.text) is not None:
        return UNHANDLED
    if correction(inbound.text) is not None:
        return UNHANDLED  # "不是201，是202" corrects the worker's own report
    if reading.kind is not Kind.NONE:
        return UNHANDLED
    dialog = await current_dialog(
        session, chat_id=inbound.chat_id, sender_id=inbound.sender_id, now=now
    )
    if dialog is not None:
        return UNHANDLED
    return help_for(inbound.sender_id, sender.lang, unknown=True)


def help_for(contact_id: str, lang: str, *, unknown: bool = False) -> Outbound:
    return Outbound("leader_help", ToPerson(contact_id, lang), {"unknown": unknown})


def _typed(command: Command, now: datetime, settings: Settings) -> str | None:
    if command.ref is None:
        return None
    return command.ref.number(now.astimezone(settings.timezone).year)
