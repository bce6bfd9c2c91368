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
from bot.followup.history import ASSIGN_TOLD, AUTO_CLOSE, ESCALATE, REMIND
from bot.followup.reporters import event_group, reachable_reporters, shown_name, to_reporters
from bot.followup.specs import FollowupRules
from bot.followup.steps import AskConfirmation, AutoClose, Escalate, Remind, TellAssignee
from bot.followup.views import event_view_of, history_view, names_of
from bot.followup.who import Ladders, Target, target_at
from models.crud.events import change_state, log_action
from models.event import Event, EventLog
from models.levels import LADDER
from models.person import Person
from models.states import CloseReason, EventState

Action = Remind | Escalate | TellAssignee | AskConfirmation | AutoClose
ASSIGNMENT_TEMPLATE = "report_assign"  # the assignment a report sends (handlers/reports)


@dataclass(frozen=True)
class StepInput:
    event: Event
    logs: Sequence[EventLog]
    now: datetime
    rules: FollowupRules
    ladders: Ladders | None = None  # read for the whole batch

    @property
    def tz(self) -> tzinfo:
        return self.rules.tz


async def carry_out(session: AsyncSession, step: Action, given: StepInput) -> list[Outbound]:
    if isinstance(step, Remind):
        return await _remind(session, step, given)
    if isinstance(step, Escalate):
        return await _escalate(session, step, given)
    if isinstance(step, TellAssignee):
        return await _tell(session, given)
    if isinstance(step, AskConfirmation):
        return await _ask(session, given)
    return await _auto_close(session, given)


async def _remind(session: AsyncSession, step: Remind, given: StepInput) -> list[Outbound]:
    event, now = given.event, given.now
    ladders = given.ladders
    target = await target_at(session, event, step.level, now, ladders) or await target_at(
        session, event, LADDER[0], now, ladders
    )
    event.reminders_sent += 1
    _log(session, event, now, REMIND, _who(target))
    context = {
        **await _about(session, given),
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
    target = await target_at(session, event, step.to_level, now, given.ladders)
    # Nobody named above: the event stays with whoever has it, and stops climbing.
    level = target.level if target else LADDER[-1]
    event.escalation_level, event.reminders_sent = level.rank, 0
    if target is None:
        target = await target_at(session, event, LADDER[0], now, given.ladders)
    row = _log(session, event, now, ESCALATE, _who(target))
    logs = [*given.logs, row]
    names = await names_of(session, {r.actor_id for r in logs if r.actor_id is not None})
    context = {
        **await _about(session, given),
        "stage": step.stage.value,
        "level": level.value,
        "history": history_view(logs, names, given.tz),
        "standing_in_for": target.standing_in_for.name
        if target and target.standing_in_for
        else None,
    }
    return _direct(target, "escalation", context)


async def _tell(session: AsyncSession, given: StepInput) -> list[Outbound]:
    """The assignment the report would have sent at once outside quiet hours."""
    event = given.event
    assignee = await session.get(Person, event.assignee_id) if event.assignee_id else None
    reporter = await session.get(Person, event.reporter_id) if event.reporter_id else None
    _log(session, event, given.now, ASSIGN_TOLD, assignee.name if assignee else "-")
    if assignee is None or assignee.contact_id is None:
        return []  # the follow-up climbs the ladder when the deadline passes, as for any
    values = await event_view_of(session, event, given.tz)
    values |= {
        "handler": assignee.name,
        "reporter": shown_name(event, reporter) or "",  # "": anonymous, or nobody known
        "numbers": (),
    }
    return [Outbound(ASSIGNMENT_TEMPLATE, ToPerson(assignee.contact_id, assignee.lang), values)]


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
    about = await _about(session, given)
    outbounds = to_reporters(group, reporters, "auto_closed", about)
    assignee = await session.get(Person, event.assignee_id) if event.assignee_id else None
    if assignee is not None and assignee.contact_id:
        context = {**about, "to_group": False}
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


async def _about(session: AsyncSession, given: StepInput) -> dict[str, object]:
    houses = given.ladders.houses if given.ladders is not None else None
    event = await event_view_of(session, given.event, given.tz, houses)
    return {"event": event, "now": given.now.astimezone(given.tz)}


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
