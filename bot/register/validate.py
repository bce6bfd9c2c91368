"""Every field of the self-registration and sign-out forms, checked; errors as codes.

A code names what is wrong ("id_check_digit"); the page shows it in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from bot.nlu.identifiers import id_check_ok
from bot.nlu.nationality import load_countries
from bot.privacy import normalise_number
from bot.register.draft import ID_CARD, PASSPORT, Draft

_PHONE = re.compile(r"1[3-9]\d{9}")
_PASSPORT = re.compile(r"(?=.*\d)[A-Z0-9]{6,12}")
_ID = re.compile(r"\d{17}[\dX]")
_BAD_NAME = re.compile(r"[\d<>@#$%^&*={}\[\]\\|/]")
MAX_NAME = 64
MOVE_IN_AHEAD = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class Checked:
    draft: Draft
    errors: dict[str, str] = field(default_factory=dict)  # field → error code


@lru_cache(maxsize=1)
def countries() -> dict[str, tuple[str, str]]:
    """ISO code → (Chinese name, English name), for the nationality list."""
    data = load_countries()["countries"]
    named = {}
    for code, names in sorted(data.items()):
        english = (names.get("en") or [code])[0]
        named[code] = ((names.get("zh") or [english])[0], english)
    return named


def check_sign_in(
    form: Mapping[str, str], *, today: date, rooms: Collection[str], required: Collection[str]
) -> Checked:
    errors: dict[str, str] = {}
    name = _name(form.get("name", ""), errors)
    doc_type = form.get("document_type", "")
    if doc_type not in (ID_CARD, PASSPORT):
        errors["document_type"] = "choose"
    number = _document(doc_type, form.get("document_number", ""), errors)
    phone = _phone(form.get("phone", ""), errors, required="phone" in required)
    room = form.get("room", "").strip()
    if not room:
        errors["room"] = "required"
    elif rooms and room not in rooms:
        errors["room"] = "unknown_room"
    nationality = "CN" if doc_type == ID_CARD else form.get("nationality", "").strip().upper()
    visa = None
    if doc_type == PASSPORT:
        if nationality not in countries():
            errors["nationality"] = "choose"
        visa = _day(form.get("visa_expiry", ""), "visa_expiry", errors)
        if visa is not None and visa < today:
            errors["visa_expiry"] = "visa_past"
    move_in = _day(form.get("move_in", ""), "move_in", errors, optional=True)
    if move_in is not None and move_in > today + MOVE_IN_AHEAD:
        errors["move_in"] = "too_far"
    if form.get("consent") != "yes":
        errors["consent"] = "consent"
    draft = Draft(
        name=name,
        document_type=doc_type or None,
        document_number=number,
        phone=phone,
        nationality=nationality or None,
        visa_expiry=visa,
        room=room or None,
        move_in=move_in,
    )
    return Checked(draft, errors)


def check_sign_out(form: Mapping[str, str]) -> Checked:
    """The name and the document number (or the phone) the tenant registered with."""
    errors: dict[str, str] = {}
    name = _name(form.get("name", ""), errors)
    raw = normalise_number(form.get("document_number", ""))
    if not raw:
        errors["document_number"] = "required"
    elif not (_ID.fullmatch(raw) or _PASSPORT.fullmatch(raw) or _PHONE.fullmatch(raw)):
        errors["document_number"] = "document_shape"
    return Checked(Draft(name=name, document_number=raw or None), errors)


def _name(raw: str, errors: dict[str, str]) -> str | None:
    name = " ".join(raw.split())
    if not name:
        errors["name"] = "required"
    elif len(name) > MAX_NAME or _BAD_NAME.search(name):
        errors["name"] = "name_shape"
    return name or None


def _document(doc_type: str, raw: str, errors: dict[str, str]) -> str | None:
    number = normalise_number(raw)
    if not number:
        errors["document_number"] = "required"
    elif doc_type == ID_CARD and not _ID.fullmatch(number):
        errors["document_number"] = "id_shape"
    elif doc_type == ID_CARD and not id_check_ok(number):
        errors["document_number"] = "id_check_digit"
    elif doc_type == PASSPORT and not _PASSPORT.fullmatch(number):
        errors["document_number"] = "passport_shape"
    return number or None


def _phone(raw: str, errors: dict[str, str], *, required: bool) -> str | None:
    number = normalise_number(raw)
    if not number:
        if required:
            errors["phone"] = "required"
        return None
    if not _PHONE.fullmatch(number):
        errors["phone"] = "phone_shape"
    return number


def _day(raw: str, name: str, errors: dict[str, str], *, optional: bool = False) -> date | None:
    text = raw.strip()
    if not text:
        if not optional:
            errors[name] = "required"
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = "date_shape"
        return None
