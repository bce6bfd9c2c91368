"""Links the bot hands out: a house's household registration page (issue 7's /house/<code>/)."""

from __future__ import annotations

from urllib.parse import quote

REGISTER_PATH = "/house/{code}/register"


def registration_url(public_url: str, code: str) -> str:
    return public_url.rstrip("/") + REGISTER_PATH.format(code=quote(code, safe=""))
