"""Answers to the monthly safety self-check, in the landlord's direct chat.

The daily job (bot/selfcheck/jobs.py) sends the checklist and opens the dialog this router
answers in. Any message that reads as answers is taken ("1是 2否", "全部正常", "否"); every
"否" opens a fire_hazard event of the house at once; the last answer finishes the
checklist (and a landlord of several houses gets the next one). A message that is no
answer falls through to the other features (a report, a command).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import in_direct
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import UNHANDLED, HandlerResult, Router
from bot.followup.specs import FollowupRules
from bot.selfcheck.checklist import DIALOG, await_answers, checklist, open_numbers
from handlers.own_messages import not_from_bot
from handlers.selfcheck.grammar import read_answers
from handlers.selfcheck.steps import open_hazard
from models.crud.dialogs import close_dialog
from models.crud.selfchecks import selfcheck_with_house, unfinished_of
from models.messaging import Dialog

router = Router("selfcheck", in_direct, not_from_bot)


def open_selfcheck(dialog: Dialog | None) -> Any:
    # `dialog`: the sender's open dialog in this chat, looked up once per message.
    return {"dialog": dialog} if dialog is not None and dialog.name == DIALOG else None


@router.message(open_selfcheck)
async def answer(
    inbound: Inbound,
    dialog: Dialog,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> HandlerResult:
    found = await selfcheck_with_house(session, check_id=int(dialog.slots["check"]))
    landlord = sender.person
    if found is None or landlord is None or found[0].completed_at is not None:
        await close_dialog(session, chat_id=inbound.chat_id, sender_id=inbound.sender_id)
        return UNHANDLED
    check, house = found
    answers = read_answers(inbound.text, open_questions=open_numbers(check), count=check.questions)
    if answers is None:
        return UNHANDLED
    questions = settings.selfcheck.questions
    outbounds: list[Outbound] = []
    hazards: list[dict[str, Any]] = []
    events = dict(check.events)
    recorded = dict(check.answers)
    for number, safe in sorted(answers.items()):
        if str(number) in recorded:
            continue  # answered before: the first answer stands (its event is open)
        recorded[str(number)] = safe
        if safe or number > len(questions):
            continue
        question = questions[number - 1]
        event_number, announced = await open_hazard(
            session,
            inbound=inbound,
            house=house,
            landlord=landlord,
            question=question.text(settings.bot.language),
            lang=sender.lang,
            settings=settings,
            rules=rules,
            now=now,
        )
        events[str(number)] = event_number
        hazards.append({"number": number, "texts": dict(question.texts), "event": event_number})
        outbounds += announced
    # New objects: the JSON columns are saved when the attribute is assigned.
    check.answers, check.events = recorded, events
    left = open_numbers(check)
    context = {
        "house": house.name,
        "count": check.questions,
        "answered": check.questions - len(left),
        "hazards": hazards,
        "events": [events[key] for key in sorted(events, key=int)],
        "next": None,
    }
    if left and left[0] <= len(questions):
        context["next"] = {"number": left[0], "texts": dict(questions[left[0] - 1].texts)}
    if left:
        session.add(check)
        return [reply(inbound, "selfcheck_next", context, lang=sender.lang), *outbounds]
    check.completed_at = now
    session.add(check)
    await close_dialog(session, chat_id=inbound.chat_id, sender_id=inbound.sender_id)
    done = [reply(inbound, "selfcheck_done", context, lang=sender.lang), *outbounds]
    assert landlord.id is not None
    for other, other_house in await unfinished_of(
        session, leader_id=landlord.id, period=check.period
    ):
        if other.id != check.id:
            await await_answers(session, leader=landlord, check=other, now=now)
            done.append(checklist(other, other_house, landlord, questions))
            break
    return done
