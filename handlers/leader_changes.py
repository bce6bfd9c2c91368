"""Acknowledge, progress and resolve: each a logged transition, a word back to the leader,
and a line for the residents in the event's group."""

from __future__ import annotations

from bot.dispatch.outbound import Outbound, ToGroup
from handlers.confirm_ask import ask_reporters
from handlers.event_timers import replan
from handlers.leader_act import Act, group_line
from models.crud.events import change_state
from models.states import EventState


async def acknowledge(act: Act) -> list[Outbound]:
    await _move(act, EventState.ACKNOWLEDGED, "ack")
    line = {"event": act.card(), "state": "acknowledged", "handler": act.actor.name, "note": None}
    return [act.done("ack"), *await group_line(act, "progress_line", line)]


async def progress(act: Act) -> list[Outbound]:
    await _move(act, EventState.IN_PROGRESS, "progress")
    line = {
        "event": act.card(),
        "state": "in_progress",
        "handler": act.actor.name,
        "note": act.note,
    }
    return [act.done("progress"), *await group_line(act, "progress_line", line)]


async def resolve(act: Act) -> list[Outbound]:
    await _move(act, EventState.RESOLVED, "resolve", plan=False)
    questions = await ask_reporters(
        act.session,
        event=act.event,
        handler=act.actor.name,
        note=act.note,
        settings=act.settings,
        now=act.now,
    )
    await replan(act.session, event=act.event, settings=act.settings, now=act.now)
    asked_in_group = any(isinstance(q.to, ToGroup) for q in questions)
    outbounds = [act.done("resolve", asked=bool(questions)), *questions]
    if not asked_in_group:
        line = {"event": act.card(), "handler": act.actor.name, "note": act.note}
        outbounds += await group_line(act, "resolved_line", line)
    return outbounds


async def _move(act: Act, to_state: EventState, action: str, *, plan: bool = True) -> None:
    await change_state(
        act.session,
        event=act.event,
        to_state=to_state,
        actor_id=act.actor.id,
        at=act.now,
        note=act.note,
        action=action,
    )
    if plan:
        await replan(act.session, event=act.event, settings=act.settings, now=act.now)
