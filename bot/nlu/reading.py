"""The parser's output: plain, immutable values (see ../shared/spec/parse-contract.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.kinds import Kind


@dataclass(frozen=True, slots=True)
class Location:
    community: str | None = None
    building: str | None = None
    unit: str | None = None
    floor: str | None = None
    room: str | None = None

    def is_empty(self) -> bool:
        return not any((self.community, self.building, self.unit, self.floor, self.room))


@dataclass(frozen=True, slots=True)
class Person:
    name: str | None = None
    phone: str | None = None
    id_type: str | None = None  # "id_card" | "passport"
    id_number: str | None = None
    nationality: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True, slots=True)
class Dates:
    visa_expiry: date | None = None
    move_in: date | None = None
    move_out: date | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    kind: Kind = Kind.NONE
    urgent: bool = False
    location: Location = field(default_factory=Location)
    person: Person = field(default_factory=Person)
    dates: Dates = field(default_factory=Dates)
    confidence: float = 0.0
    # Beyond the contract: what the handlers also use.
    lang: str = "zh"  # "zh" | "en"
    matched: tuple[str, ...] = ()  # the phrases that decided the kind
    duration: str | None = None  # "两天", "3 days": how long the problem has lasted

    def to_contract(self) -> dict[str, Any]:
        """The JSON object that `gridbot parse` prints, exactly the contract's keys."""
        loc, per, dat = self.location, self.person, self.dates
        return {
            "kind": self.kind.value,
            "urgent": self.urgent,
            "location": {
                "community": loc.community,
                "building": loc.building,
                "unit": loc.unit,
                "floor": loc.floor,
                "room": loc.room,
            },
            "person": {
                "name": per.name,
                "phone": per.phone,
                "id_type": per.id_type,
                "id_number": per.id_number,
                "nationality": per.nationality,
            },
            "dates": {
                "visa_expiry": _iso(dat.visa_expiry),
                "move_in": _iso(dat.move_in),
                "move_out": _iso(dat.move_out),
            },
            "confidence": round(self.confidence, 3),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


EMPTY = Reading()
# Shared empty values: immutable, so one of each serves every message that gives none.
NO_LOCATION = Location()
NO_PERSON = Person()
NO_DATES = Dates()
