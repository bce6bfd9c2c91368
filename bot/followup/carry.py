"""Carrying out one policy step: the EventLog row, the event's new fields, the messages.

Runs inside the worker's claiming transaction, so the log row, the moved due time and
the queued messages are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.confirmation import ask_reporters
from bot.followup.history import AUTO_CLOSE, ESCALATE, REMIND
from bot.followup.reporters import event_group, reachable_reporters, to_reporters
from bot.followup.specs import FollowupRules
from bot.followup.steps import AskConfirmation, AutoClose, Escalate, Remind
from bot.followup.views import event_view, history_view, names_of
from bot.followup.who import Target, target_at
from models.crud.events import change_state, log_action
from models.event import Event, EventLog
from models.levels import LADDER
from models.person import Person
from models.states import CloseReason, EventState

Action = Remind | Escalate | AskConfirmation | AutoClose


@dataclass(frozen=True)
class StepInput:
    event: Event
    logs: Sequence[EventLog]
    now: datetime
    rules: FollowupRules

    @property
    def tz(self) -> tzinfo:
        return self.rules.tz


async def carry_out(session: AsyncSession, step: Action, given: StepInput) -> list[Outbound]:
    if isinstance(step, Remind):
        return await _remind(session, step, given)
    if isinstance(step, Escalate):
        return await _escalate(session, step, given)
    if isinstance(step, AskConfirmation):
        return await _ask(session, given)
    return await _auto_close(session, given)


async def _remind(session: AsyncSession, step: Remind, given: StepInput) -> list[Outbound]:
    event, now = given.event, given.now
    target = await target_at(session, event, step.level, now) or await target_at(
        session, event, LADDER[0], now
    )
    event.reminders_sent += 1
    _log(session, event, now, REMIND, _who(target))
    context = {
        **_about(given),
        "stage": step.stage.value,
        "level": (target.level if target else step.level).value,
        "reminder": event.reminders_sent,
        "standing_in_for": target.standing_in_for.name
        if target and target.standing_in_for
        else None,
    }
    return _direct(target, "reminder", context)


async def _escalate(session: AsyncSession, step: Escalate, given: StepInput) -> list[Outbound]:
    event, now = given.event, given.now
    target = await target_at(session, event, step.to_level, now)
    # Nobody named above: the event stays with whoever has it, and stops climbing.
    level = target.level if target else LADDER[-1]
    event.escalation_level, event.reminders_sent = level.rank, 0
    if target is None:
        target = await target_at(session, event, LADDER[0], now)
    row = _log(session, event, now, ESCALATE, _who(target))
    logs = [*given.logs, row]
    names = await names_of(session, {r.actor_id for r in logs if r.actor_id is not None})
    context = {
        **_about(given),
        "stage": step.stage.value,
        "level": level.value,
        "history": history_view(logs, names, given.tz),
        "standing_in_for": target.standing_in_for.name
        if target and target.standing_in_for
        else None,
    }
    return _direct(target, "escalation", context)


async def _ask(session: AsyncSession, given: StepInput) -> list[Outbound]:
    event = given.event
    reporters = await reachable_reporters(session, event)
    return await ask_reporters(
        session, event=event, reporters=reporters, rules=given.rules, now=given.now
    )


async def _auto_close(session: AsyncSession, given: StepInput) -> list[Outbound]:
    event = given.event
    await change_state(
        session,
        event=event,
        to_state=EventState.CLOSED,
        actor_id=None,
        at=given.now,
        action=AUTO_CLOSE,
        close_reason=CloseReason.FIXED_UNCONFIRMED,
    )
    event.reminders_sent = 0
    reporters = await reachable_reporters(session, event)
    group = await event_group(session, event)
    outbounds = to_reporters(group, reporters, "auto_closed", _about(given))
    assignee = await session.get(Person, event.assignee_id) if event.assignee_id else None
    if assignee is not None and assignee.contact_id:
        context = {**_about(given), "to_group": False}
        outbounds.append(
            Outbound("auto_closed", ToPerson(assignee.contact_id, assignee.lang), context)
        )
    return outbounds


def _direct(target: Target | None, template: str, context: dict[str, object]) -> list[Outbound]:
    contact = target.person.contact_id if target is not None else None
    if target is None or contact is None:
        return []  # the log row says who it was for; nobody can be messaged
    to = ToPerson(contact, target.person.lang)
    return [Outbound(template, to, {**context, "name": target.person.name})]


def _about(given: StepInput) -> dict[str, object]:
    return {"event": event_view(given.event, given.tz), "now": given.now.astimezone(given.tz)}


def _who(target: Target | None) -> str:
    if target is None:
        return "-"
    if target.standing_in_for is not None:
        return f"{target.person.name} ← {target.standing_in_for.name}"
    return target.person.name


def _log(
    session: AsyncSession, event: Event, now: datetime, action: str, note: str | None
) -> EventLog:
    return log_action(session, event=event, action=action, at=now, note=note)
