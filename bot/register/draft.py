"""A registration being put together: from a chat reading, a dialog's slots or a form.

The clear numbers live only in memory; in a dialog's slots they are encrypted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from bot.nlu.reading import Reading
from bot.privacy import Cipher, mask_id, mask_passport, mask_phone

ID_CARD = "id_card"
PASSPORT = "passport"
_SECRET_FIELDS = ("document_number", "phone")
_DATE_FIELDS = ("visa_expiry", "move_in")


@dataclass(frozen=True, slots=True)
class Draft:
    name: str | None = None
    document_type: str | None = None  # ID_CARD or PASSPORT
    document_number: str | None = None
    phone: str | None = None
    nationality: str | None = None  # ISO 3166-1 alpha-2
    visa_expiry: date | None = None
    room: str | None = None
    building: str | None = None
    move_in: date | None = None

    @property
    def foreign(self) -> bool:
        return self.document_type == PASSPORT

    def merged(self, newer: Draft) -> Draft:
        """This draft with every field `newer` gives replaced (an answer corrects too)."""
        given = {f.name: getattr(newer, f.name) for f in fields(newer)}
        return replace(self, **{name: value for name, value in given.items() if value})

    def missing(self, required: Collection[str]) -> list[str]:
        """The required fields not given yet, in the order they are asked for."""
        have = {
            "name": self.name,
            "document": self.document_number,
            "phone": self.phone,
            "room": self.room,
            # Only a foreigner has a visa and a nationality to give.
            "nationality": self.nationality if self.foreign else "-",
            "visa_expiry": self.visa_expiry if self.foreign else "-",
        }
        return [name for name, value in have.items() if name in required and not value]

    def shown(self) -> dict[str, Any]:
        """The draft for a message: every number masked."""
        values = asdict(self)
        values["document_number"] = masked_document(self.document_type, self.document_number)
        values["phone"] = mask_phone(self.phone) if self.phone else None
        from bot.register.validate import countries  # validate imports this module

        # (Chinese name, English name): a message says 泰国 / Thailand, never the code TH.
        values["country"] = countries().get(self.nationality or "")
        return values


def masked_document(document_type: str | None, number: str | None) -> str | None:
    if not number:
        return None
    return mask_passport(number) if document_type == PASSPORT else mask_id(number)


def draft_from_reading(reading: Reading) -> Draft:
    person, location = reading.person, reading.location
    nationality = person.nationality or ("CN" if person.id_type == ID_CARD else None)
    return Draft(
        name=person.name,
        document_type=person.id_type,
        document_number=person.id_number,
        phone=person.phone,
        nationality=nationality,
        visa_expiry=reading.dates.visa_expiry,
        room=location.room,
        building=location.building,
        move_in=reading.dates.move_in,
    )


def to_slots(draft: Draft, cipher: Cipher) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    for name, value in asdict(draft).items():
        if value is None:
            continue
        if name in _SECRET_FIELDS:
            value = cipher.encrypt(value)
        elif name in _DATE_FIELDS:
            value = value.isoformat()
        slots[name] = value
    return slots


def from_slots(slots: Mapping[str, Any], cipher: Cipher) -> Draft:
    values: dict[str, Any] = {}
    for f in fields(Draft):
        value = slots.get(f.name)
        if value is None:
            continue
        if f.name in _SECRET_FIELDS:
            value = cipher.decrypt(str(value))
        elif f.name in _DATE_FIELDS:
            value = date.fromisoformat(str(value))
        values[f.name] = value
    return Draft(**values)


def reseal_slots(slots: Mapping[str, Any], old: Cipher, new: Cipher) -> dict[str, Any] | None:
    """A dialog's slots with the draft's sealed numbers under `new`, or None when it holds
    none. The registration dialog keeps its draft (`to_slots`) under "draft"."""
    draft = slots.get("draft")
    if not isinstance(draft, Mapping) or not any(name in draft for name in _SECRET_FIELDS):
        return None
    resealed = {
        name: new.encrypt(old.decrypt(str(value))) if name in _SECRET_FIELDS else value
        for name, value in draft.items()
    }
    return {**slots, "draft": resealed}
