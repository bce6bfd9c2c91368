"""One leader command: about the sender themself (`You`) or about one event (`Act`): who
acts, on what, and how answers are addressed. A step that does nothing says why by raising
`Refused`: the chat answers with the sentence, the console's desk shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToGroup, ToPerson
from bot.followup.reporters import event_group
from bot.followup.specs import FollowupRules
from bot.followup.views import event_view
from handlers.leader.grammar import Command
from models.crud.house_names import HouseName
from models.event import Event
from models.person import Person


@dataclass(frozen=True)
class You:
    """A worker's command about themself (their list, their month, their leave)."""

    session: AsyncSession
    person: Person
    contact_id: str  # where they wrote from: the answer goes back there
    lang: str
    command: Command
    settings: Settings
    now: datetime

    @property
    def tz(self) -> tzinfo:
        return self.settings.timezone

    def tell(self, template: str, context: dict[str, Any]) -> Outbound:
        return Outbound(template, ToPerson(self.contact_id, self.lang), context)


class Refused(Exception):
    """Nothing was done, and why: `reason` picks the sentence in refused.j2, `context`
    fills it in."""

    def __init__(self, reason: str, **context: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.context = context

    def to(self, contact_id: str, lang: str) -> Outbound:
        return refused(contact_id, lang, self.reason, **self.context)


@dataclass(frozen=True)
class Act:
    session: AsyncSession
    actor: Person
    # Where the actor's answer goes: the chat they wrote from; from the console, their own
    # chat when the directory links one (None: the page is the only answer).
    answer: ToPerson | None
    event: Event
    note: str | None
    settings: Settings
    rules: FollowupRules
    now: datetime
    target: str | None = None  # a hand-over's: whom the leader named
    house: HouseName | None = None  # how the directory names the event's house

    def card(self) -> dict[str, Any]:
        return event_view(self.event, self.settings.timezone, self.house)

    def done(self, action: str, **extra: Any) -> list[Outbound]:
        """The short confirmation to the actor that the command was carried out."""
        if self.answer is None:
            return []
        context = {"action": action, "event": self.card(), "note": self.note, **extra}
        return [Outbound("ack_done", self.answer, context)]

    def refusal(self, reason: str, **extra: Any) -> Refused:
        return Refused(reason, event=self.card(), **extra)

    def to_person(
        self, person: Person, template: str, *, hold: bool = False, **context: Any
    ) -> list[Outbound]:
        """A direct message about the event; `hold`: it waits for the end of the quiet
        hours (news that can wait, of an event that is not urgent)."""
        if person.contact_id is None:
            return []  # stored and logged all the same; the follow-up climbs the ladder
        values = {"event": self.card(), **context}
        to = ToPerson(person.contact_id, person.lang)
        return [Outbound(template, to, values, hold=hold and not self.event.urgent)]


def refused(contact_id: str, lang: str, reason: str, **context: Any) -> Outbound:
    """Why nothing was done: `reason` picks the sentence in refused.j2."""
    values = {"reason": reason, "event": None, "number": None, "state": None, **context}
    return Outbound("refused", ToPerson(contact_id, lang), {"names": [], **values})


async def group_line(act: Act, template: str, context: dict[str, Any]) -> list[Outbound]:
    """A short progress line for the residents in the event's group (in Chinese, the groups'
    language); none in quiet hours, when a group is not woken for news that can wait."""
    chat = await event_group(act.session, act.event)
    if chat is None or act.rules.holds_back(urgent=act.event.urgent, now=act.now):
        return []
    return [Outbound(template, ToGroup(chat, (), "zh"), context)]
