"""Acknowledge, progress and resolve: each a logged transition, a word back to the leader,
and a line for the residents in the event's group."""

from __future__ import annotations

from bot.dispatch.outbound import Outbound, ToGroup
from bot.followup.confirmation import ask_reporters
from bot.followup.replan import replan
from bot.followup.reporters import reachable_reporters
from handlers.leader.act import Act, group_line
from models.crud.events import change_state
from models.states import CloseReason, EventState


async def acknowledge(act: Act) -> list[Outbound]:
    await move(act, EventState.ACKNOWLEDGED, "ack")
    line = {"event": act.card(), "state": "acknowledged", "handler": act.actor.name, "note": None}
    return [*act.done("ack"), *await group_line(act, "progress_line", line)]


async def progress(act: Act) -> list[Outbound]:
    await move(act, EventState.IN_PROGRESS, "progress")
    line = {
        "event": act.card(),
        "state": "in_progress",
        "handler": act.actor.name,
        "note": act.note,
    }
    return [*act.done("progress"), *await group_line(act, "progress_line", line)]


async def resolve(act: Act) -> list[Outbound]:
    await move(act, EventState.RESOLVED, "resolve", plan=False)
    questions = await _ask_now(act)
    await replan(act.session, event=act.event, rules=act.rules, now=act.now)
    asked_in_group = any(isinstance(q.to, ToGroup) for q in questions)
    outbounds = [*act.done("resolve", asked=bool(questions)), *questions]
    if not asked_in_group:
        line = {"event": act.card(), "handler": act.actor.name, "note": act.note}
        outbounds += await group_line(act, "resolved_line", line)
    return outbounds


async def move(
    act: Act,
    to_state: EventState,
    action: str,
    *,
    plan: bool = True,
    close_reason: CloseReason | None = None,
) -> None:
    """The logged transition, by the actor, with their note; then the follow-up's next look."""
    await change_state(
        act.session,
        event=act.event,
        to_state=to_state,
        actor_id=act.actor.id,
        at=act.now,
        note=act.note,
        action=action,
        close_reason=close_reason,
    )
    if plan:
        await replan(act.session, event=act.event, rules=act.rules, now=act.now)


async def _ask_now(act: Act) -> list[Outbound]:
    """The reporters' question, unless it must wait (quiet hours) or nobody can be asked:
    then the follow-up worker asks later."""
    reporters = await reachable_reporters(act.session, act.event)
    if not reporters or act.rules.holds_back(urgent=act.event.urgent, now=act.now):
        return []
    return await ask_reporters(
        act.session, event=act.event, reporters=reporters, rules=act.rules, now=act.now
    )
