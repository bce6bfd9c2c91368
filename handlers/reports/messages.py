"""What the report templates are told: plain values, never words (the templates choose them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind
from bot.dispatch.outbound import Outbound, Recipient, ToGroup, ToPerson
from bot.followup.views import event_view, event_view_of
from bot.kinds import Kind
from bot.nlu.reading import Location
from models.crud.house_names import HouseName
from models.crud.report_context import House
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
    family: str | None = None  # a family with advice of its own (handlers/reports/families.py)
    gas_line: str = ""  # the gas company's line ([emergency] gas_company), for "gas"

    def answer(self, template: str, context: dict[str, Any], *, mention: bool = True) -> Outbound:
        """A message back where the report was made: the group (@mentioning), or the DM;
        with the advice of the report's family."""
        context = context | {"family": self.family, "gas_line": self.gas_line}
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


def house_name(house: House) -> HouseName:
    """How a loaded house is named (the report path has it at hand: no read)."""
    return HouseName(house.grid.name, len(house.buildings) > 1)


async def event_values(
    session: AsyncSession, event: Event, *, tz: tzinfo, house: House | None = None
) -> dict[str, Any]:
    """The event as templates see it (`event_view`); a loaded `house` of the event's
    landlord grid spares reading its name again."""
    if house is not None and house.grid.id == event.landlord_grid_id:
        return event_view(event, tz, house_name(house))
    return await event_view_of(session, event, tz)
