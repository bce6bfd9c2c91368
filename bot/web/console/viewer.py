"""The signed-in person a console request is made by, and what they may see."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from models.crud.scope import Scope
from models.person import Person


@dataclass(frozen=True, slots=True)
class Viewer:
    person: Person
    scope: Scope
    session_id: int
    lang: str  # the person's language: the console's words follow it


VIEWER = web.RequestKey("viewer", Viewer)


def viewer_of(request: web.Request) -> Viewer:
    return request[VIEWER]
