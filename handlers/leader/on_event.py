"""A command on one event, for every caller: the chat's verb table (router.py) and the
staff console's event desk. One permission check, one step, one way of refusing, so a
person may do on the desk exactly what they may do in chat, with the same log rows and the
same messages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.dispatch.outbound import Outbound
from handlers.leader.act import Act, Refused
from handlers.leader.auth import may_change
from models.crud.house_names import house_name
from models.states import IllegalTransition

EventStep = Callable[[Act], Awaitable[list[Outbound]]]


async def carry_out(step: EventStep, act: Act) -> list[Outbound]:
    """What `step` does to `act.event`, as the messages it sends. `Refused` when the actor
    may not change the event or its state does not allow the step: nothing was changed."""
    session, actor, event = act.session, act.actor, act.event
    if not await may_change(session, person=actor, event=event, now=act.now):
        raise Refused("not_allowed", number=event.number)
    # Every message about the event names its house as the directory does.
    act = replace(act, house=await house_name(session, landlord_grid_id=event.landlord_grid_id))
    try:
        return await step(act)
    except IllegalTransition:
        raise act.refusal("illegal", state=event.state.value) from None
