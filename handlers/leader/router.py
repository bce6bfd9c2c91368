"""Leader commands in direct chats: acknowledge, progress, resolve, hand over, send back,
close as a duplicate or as not the grid's, list, details, their month in numbers, away/back
(grammar in grammar.py, permissions in auth.py, the verb table below; a command on an event
is carried out by on_event.py, which the console's event desk calls too).

Residents write to the bot directly too (a report, a confirmation): what is not a command
from a worker falls through to the next routers. Only a resident naming an event number
in a command is refused, like any worker who may not change that event; nothing changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_direct
from bot.dispatch.outbound import ToPerson
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.followup.specs import FollowupRules
from bot.kinds import Kind
from bot.nlu.reading import Reading
from handlers.confirm.grammar import parse_answer
from handlers.leader.act import Act, Refused, You, refused
from handlers.leader.auth import is_worker
from handlers.leader.away import away, back
from handlers.leader.changes import acknowledge, progress, resolve
from handlers.leader.closing import close_duplicate, close_not_responsible
from handlers.leader.event import choose_event
from handlers.leader.grammar import Command, Verb, parse_command
from handlers.leader.on_event import EventStep, carry_out
from handlers.leader.stats import month_stats
from handlers.leader.transfer import hand_over, send_back
from handlers.leader.views import help_for, show_details, show_help, show_list
from handlers.own_messages import not_from_bot
from handlers.reports.grammar import correction
from models.crud.dialogs import current_dialog

router = Router("leader", in_direct, not_from_bot)

# The verb table: each command's step, chosen by the filters below. A command's words are
# in bot/lang/*/words.toml ([leader.verbs]), its shape in grammar.py, its words back in
# templates/*/; adding one is a line here, its step and those.
ABOUT_YOU: dict[Verb, Callable[[You], Awaitable[HandlerResult]]] = {
    Verb.HELP: show_help,
    Verb.LIST: show_list,
    Verb.STATS: month_stats,
    Verb.AWAY: away,
    Verb.BACK: back,
}
ABOUT_AN_EVENT: dict[Verb, EventStep] = {
    Verb.ACK: acknowledge,
    Verb.PROGRESS: progress,
    Verb.RESOLVE: resolve,
    Verb.HANDOVER: hand_over,
    Verb.SEND_BACK: send_back,
    Verb.DUPLICATE: close_duplicate,
    Verb.NOT_RESPONSIBLE: close_not_responsible,
    Verb.DETAILS: show_details,
}


def command_about_you(inbound: Inbound) -> dict[str, Any] | None:
    command = parse_command(inbound.text)
    if command is None or command.verb not in ABOUT_YOU:
        return None
    return {"command": command, "step": ABOUT_YOU[command.verb]}


def command_about_an_event(inbound: Inbound) -> dict[str, Any] | None:
    command = parse_command(inbound.text)
    if command is None or command.verb not in ABOUT_AN_EVENT:
        return None
    return {"command": command, "step": ABOUT_AN_EVENT[command.verb]}


@router.message(command_about_you)
async def run_for_you(
    inbound: Inbound,
    command: Command,
    step: Callable[[You], Awaitable[HandlerResult]],
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    now: datetime,
) -> HandlerResult:
    person = sender.person
    if person is None or not await is_worker(session, person):
        return UNHANDLED  # a resident's "我的…": not ours
    return await step(You(session, person, inbound.sender_id, sender.lang, command, settings, now))


@router.message(command_about_an_event)
async def run_on_event(
    inbound: Inbound,
    command: Command,
    step: EventStep,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> HandlerResult:
    person, contact, lang = sender.person, inbound.sender_id, sender.lang
    if person is None or not await is_worker(session, person):
        if command.ref is None:
            return UNHANDLED  # "fixed", "好了": maybe a reporter's answer; not ours
        return refused(contact, lang, "not_allowed", number=_typed(command, now, settings))
    tz = settings.timezone
    choice = await choose_event(
        session, person=person, ref=command.ref, quoted=inbound.quoted_text, now=now, tz=tz
    )
    if choice.event is None:
        return refused(contact, lang, choice.problem, number=choice.number, numbers=choice.numbers)
    note = None if command.target is not None else command.note
    answer = ToPerson(contact, lang)
    act = Act(session, person, answer, choice.event, note, settings, rules, now, command.target)
    try:
        return await carry_out(step, act)
    except Refused as refusal:
        return refusal.to(contact, lang)


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


def _typed(command: Command, now: datetime, settings: Settings) -> str | None:
    if command.ref is None:
        return None
    return command.ref.number(now.astimezone(settings.timezone).year)
