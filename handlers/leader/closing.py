"""Closing an event nobody here has to work on: a duplicate of another report ("重复 42 同
41号") or not the grid's to handle ("不受理 42 属于市政管网"). Both need a reason; the
event is closed with it, and its reporters are told why where they reported (the group, or
each directly), except in quiet hours, when a closure waits in the event's details.
"""

from __future__ import annotations

from bot.dispatch.outbound import Outbound
from bot.followup.reporters import event_group, reachable_reporters, to_reporters
from handlers.leader.act import Act
from handlers.leader.changes import move
from models.states import CloseReason, EventState


async def close_duplicate(act: Act) -> list[Outbound]:
    return await _close(act, CloseReason.DUPLICATE)


async def close_not_responsible(act: Act) -> list[Outbound]:
    return await _close(act, CloseReason.NOT_RESPONSIBLE)


async def _close(act: Act, reason: CloseReason) -> list[Outbound]:
    if not act.note:
        raise act.refusal("no_reason", action=reason.value)
    await move(act, EventState.CLOSED, reason.value, close_reason=reason)
    return [*act.done(reason.value), *await _tell_reporters(act, reason)]


async def _tell_reporters(act: Act, reason: CloseReason) -> list[Outbound]:
    reporters = await reachable_reporters(act.session, act.event)
    if not reporters or act.rules.holds_back(urgent=act.event.urgent, now=act.now):
        return []
    group = await event_group(act.session, act.event)
    context: dict[str, object] = {"event": act.card(), "reason": reason.value, "note": act.note}
    return to_reporters(group, reporters, "closed_line", context)
