"""What the report templates are told: plain values, never words (the templates choose them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind
from bot.dispatch.outbound import Outbound, Recipient, ToGroup, ToPerson
from bot.kinds import Kind
from bot.nlu.reading import Location
from models.crud.grid import buildings_of
from models.crud.report_context import House
from models.event import Event
from models.grid import LandlordGrid


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


async def place_values(
    session: AsyncSession, event: Event, *, house: House | None = None
) -> dict[str, str | None]:
    """The event's place, named by its landlord grid when known: residents say the house as
    the grid does ("小和山新苑23号", "石马社区21-22幢"), not community + building + 幢.
    `house` is the building only where the grid's name covers several. A loaded `house` of
    the event's grid spares asking for the grid and its buildings again."""
    values = location_values(event_location(event))
    if event.landlord_grid_id is None:
        return values
    if house is not None and house.grid.id == event.landlord_grid_id:
        name, buildings = house.grid.name, list(house.buildings)
    else:
        grid = await session.get(LandlordGrid, event.landlord_grid_id)
        if grid is None:
            return values
        name = grid.name
        buildings = await buildings_of(session, landlord_grid_id=event.landlord_grid_id)
    return values | {"grid": name, "house": event.building if len(buildings) > 1 else None}


async def event_values(
    session: AsyncSession, event: Event, *, tz: tzinfo, house: House | None = None
) -> dict[str, Any]:
    """The event as templates see it; due times in local time (`house`: see place_values)."""
    return {
        "number": event.number,
        "kind": event.kind.value,
        "urgent": event.urgent,
        "loc": await place_values(session, event, house=house),
        "text": event.text,
        "acknowledge_due": event.acknowledge_due.astimezone(tz) if event.acknowledge_due else None,
        "resolve_due": event.resolve_due.astimezone(tz) if event.resolve_due else None,
    }
