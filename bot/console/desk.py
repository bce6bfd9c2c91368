"""The event desk's write side: a leader command carried out from the console, as if the
signed-in person had typed it in chat.

The step is the one the chat's verb table names (handlers/leader/router.py) and it runs
through `carry_out` (handlers/leader/on_event.py): the same permission check, the same
EventLog rows and the same messages to the reporters, the group and whoever the event goes
to. The actor's own confirmation goes to their chat too when the directory links one.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson
from bot.followup.specs import FollowupRules
from handlers.leader.act import Act
from handlers.leader.grammar import Verb
from handlers.leader.on_event import carry_out
from handlers.leader.router import ABOUT_AN_EVENT
from models.event import Event
from models.person import Person


async def desk_command(
    session: AsyncSession,
    *,
    actor: Person,
    event: Event,
    verb: Verb,
    note: str | None,
    target: str | None,
    settings: Settings,
    rules: FollowupRules,
    now: datetime,
) -> list[Outbound]:
    """The messages `verb` sends; `handlers.leader.act.Refused` when nothing was done."""
    answer = ToPerson(actor.contact_id, actor.lang) if actor.contact_id else None
    act = Act(session, actor, answer, event, note, settings, rules, now, target)
    return await carry_out(ABOUT_AN_EVENT[verb], act)
