"""What the report templates are told: plain values, never words (the templates choose them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from bot.dispatch.outbound import Outbound, Recipient, ToGroup, ToPerson
from bot.kinds import Kind
from bot.nlu.reading import Location
from bot.transport.base import ChatKind
from models.event import Event


@dataclass(frozen=True, slots=True)
class Report:
    """One resident's report as the intake carries it from message to event (or dialog)."""

    kind: Kind
    urgent: bool
    text: str
    lang: str  # the reporter's: what they wrote in, else their register entry
    chat_id: str
    chat_kind: ChatKind
    message_id: str
    sender_id: str
    sender_name: str
    numbers: tuple[str, ...] = ()  # emergency numbers to call first (urgent only)

    def answer(self, template: str, context: dict[str, Any], *, mention: bool = True) -> Outbound:
        """A message back where the report was made: the group (@mentioning), or the DM."""
        to: Recipient
        if self.chat_kind is ChatKind.GROUP:
            to = ToGroup(self.chat_id, (self.sender_id,) if mention else (), self.lang)
        else:
            to = ToPerson(self.sender_id, self.lang)
        return Outbound(template, to, context)


def location_values(location: Location) -> dict[str, str | None]:
    return {
        "community": location.community,
        "building": location.building,
        "unit": location.unit,
        "floor": location.floor,
        "room": location.room,
    }


def event_location(event: Event) -> Location:
    return Location(event.community, event.building, event.unit, event.floor, event.room)


def event_values(event: Event, *, tz: tzinfo) -> dict[str, Any]:
    """The event as templates see it; due times in local time."""
    return {
        "number": event.number,
        "kind": event.kind.value,
        "urgent": event.urgent,
        "loc": location_values(event_location(event)),
        "text": event.text,
        "acknowledge_due": event.acknowledge_due.astimezone(tz) if event.acknowledge_due else None,
        "resolve_due": event.resolve_due.astimezone(tz) if event.resolve_due else None,
    }
