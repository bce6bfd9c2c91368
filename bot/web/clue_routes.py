"""POST /h/{code}/clue: a clue report (线索举报) from the household page's short form.

The same step as "举报 …" in a direct chat (handlers/clue/steps.py), for the house the page
is: an anonymous event, assigned and followed up as usual. The form asks nothing about
the sender and the bot keeps nothing of them (no account, no address): nobody can be told
progress, so the page says what happens next. CSRF and the household forms' rate limit
([register] form_limit per client and hour) as for the register's forms.
"""

from __future__ import annotations

from aiohttp import web

from bot.web.register_guard import refusal, refusal_status
from bot.web.register_pages import house_of, lang_of, page, posted_form, services
from bot.web.register_routes import four_page
from handlers.clue.steps import clue_reading, file_clue, house_place
from models.db import session_scope

routes = web.RouteTableDef()

CLUE_LIMIT = 500  # characters: a clue, not a letter


@routes.post("/h/{code}/clue")
async def clue(request: web.Request) -> web.Response:
    svc = services(request)
    form = await posted_form(request)
    lang = lang_of(request, form)
    text = form.get("clue", "").strip()
    async with session_scope(svc.sessions) as session:
        house = await house_of(request, session)
        error = refusal(request, form) or _shape(text)
        if error:
            return await _again(request, lang, text, error)
        assert house.id is not None
        now = svc.clock.now()
        outbounds = await file_clue(
            session,
            text=text,
            reading=clue_reading(text, now),
            place=await house_place(session, landlord_grid_id=house.id),
            reporter=None,
            chat=None,
            lang=lang,
            settings=svc.settings,
            rules=svc.rules,
            now=now,
        )
        await svc.enqueuer.enqueue(session, outbounds, now=now)
    svc.notify()
    return page(request, "register_done.html", lang, house=house, done="clue_done")


def _shape(text: str) -> str | None:
    if not text:
        return "clue_required"
    return "clue_too_long" if len(text) > CLUE_LIMIT else None


async def _again(request: web.Request, lang: str, text: str, error: str) -> web.Response:
    # The house page again, the clue kept, the error said where the form is.
    status = refusal_status(error) if error in ("csrf", "rate_limited") else 400
    return await four_page(
        request, "register_house.html", lang=lang, status=status, clue=text, clue_error=error
    )
