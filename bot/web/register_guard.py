"""What a household form post must pass before its fields are read: CSRF and the rate limit."""

from __future__ import annotations

from aiohttp import web

from bot.web.csrf import FIELD
from bot.web.register_pages import services


def refusal(request: web.Request, form: dict[str, str]) -> str | None:
    """Why the submission must not be looked at ("csrf", "rate_limited"), or None."""
    svc = services(request)
    if not svc.csrf.check(request, form.get(FIELD, "")):
        return "csrf"
    client, now = request.remote or "unknown", svc.clock.now()
    if svc.limiter.remaining(client, now) <= 0:
        return "rate_limited"
    svc.limiter.record(client, now)
    return None


def refusal_status(reason: str) -> int:
    return {"csrf": 403, "rate_limited": 429}.get(reason, 400)
