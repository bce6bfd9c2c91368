"""Incoming events as journal payloads: JSON, one object per record, read back as they were.

Every field of `Inbound` and `MemberJoin` is written, whatever fields they gain: values are
converted by their declared type (datetimes, enums, tuples and nested values such as a
message's `MediaRef`), so a field added to the chat types is journaled without a change here.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any

from bot.chat import Inbound, MemberJoin

VERSION = 1


@dataclass(frozen=True, slots=True)
class Held:
    """A holding reply went out to this sender: after a restart in the same outage they
    are not told twice."""

    sender_id: str


_TYPES: dict[str, type[Inbound] | type[MemberJoin] | type[Held]] = {
    "inbound": Inbound,
    "join": MemberJoin,
    "held": Held,
}
_KINDS = {cls: kind for kind, cls in _TYPES.items()}


@dataclass(frozen=True, slots=True)
class Entry:
    """A journaled event and when it was journaled (how long its sender has waited)."""

    event: Inbound | MemberJoin | Held
    journaled_at: datetime


def dump(entry: Entry) -> bytes:
    event = entry.event
    kind = _KINDS[type(event)]
    fields = {field.name: _plain(getattr(event, field.name)) for field in dataclasses.fields(event)}
    document = {"v": VERSION, "type": kind, "at": entry.journaled_at.isoformat(), "event": fields}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def load(payload: bytes) -> Entry:
    """The entry a payload holds; ValueError for one this version cannot read."""
    document = json.loads(payload)
    if document.get("v") != VERSION:
        raise ValueError(f"journal record version {document.get('v')!r} is not {VERSION}")
    cls = _TYPES.get(document.get("type"))
    if cls is None:
        raise ValueError(f"unknown journal record type {document.get('type')!r}")
    hints = _hints(document["type"])
    values: dict[str, Any] = {
        name: _typed(value, hints[name]) for name, value in document["event"].items()
    }
    return Entry(cls(**values), datetime.fromisoformat(document["at"]))


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(each) for each in value]
    return value


def _typed(value: object, hint: Any) -> object:
    if value is None:
        return None
    if isinstance(value, list):  # a tuple: of plain values, or of nested ones
        args = typing.get_args(hint)
        item = args[0] if typing.get_origin(hint) is tuple and args else None
        return tuple(value if item is None else [_typed(each, item) for each in value])
    for each in typing.get_args(hint) or (hint,):
        if isinstance(value, dict) and isinstance(each, type) and dataclasses.is_dataclass(each):
            hints = typing.get_type_hints(each)
            return each(**{name: _typed(item, hints[name]) for name, item in value.items()})
        if each is datetime and isinstance(value, str):
            return datetime.fromisoformat(value)
        if isinstance(each, type) and issubclass(each, Enum):
            return each(value)
    return value


@cache
def _hints(kind: str) -> dict[str, Any]:
    return typing.get_type_hints(_TYPES[kind])
