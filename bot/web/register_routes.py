"""The household QR code's pages (一户一码): sign-in and sign-out forms, fire safety.

GET /h/{code}            the house page the QR code opens
GET|POST /h/{code}/sign-in, /h/{code}/sign-out   the forms
GET /h/{code}/fire       一键四知 alone (the house page shows it too)
GET /h/{code}/escape-route   the house's escape-route picture, if the config sets one

一键四知: the house's four fire-safety roles from the directory (phones only where it marks
them public), the notices in force, the escape route and the knowledge of [register]
fire_safety. Nothing of the tenant register is on these pages.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.config.register import IMAGE_TYPES
from bot.register.forms import register_from_form, sign_out_from_form
from bot.register.validate import check_sign_in, check_sign_out, countries
from bot.web.csrf import FIELD
from bot.web.register_guard import refusal, refusal_status
from bot.web.register_pages import house_of, lang_of, page, posted_form, services, stored_house
from models.crud.fire_roles import fire_roles
from models.db import session_scope
from models.grid import LandlordGrid

routes = web.RouteTableDef()


@routes.get("/h/{code}")
async def house_page(request: web.Request) -> web.Response:
    return await four_page(request, "register_house.html")


@routes.get("/h/{code}/fire")
async def fire_page(request: web.Request) -> web.Response:
    return await four_page(request, "register_fire.html")


@routes.get("/h/{code}/escape-route")
async def escape_route_image(request: web.Request) -> web.FileResponse:
    house = await stored_house(request)
    image = services(request).settings.register.house(house.code).fire_safety.escape_route_image
    if not image:
        raise web.HTTPNotFound()
    response = web.FileResponse(image)  # a file gone since start-up: 404
    response.content_type = IMAGE_TYPES[Path(image).suffix.lower()]
    return response


async def four_page(
    request: web.Request,
    template: str,
    *,
    lang: str | None = None,
    status: int = 200,
    clue: str = "",
    clue_error: str | None = None,
) -> web.Response:
    """A page with 一键四知 (the house page also has the clue form: what was typed in it
    comes back with its error)."""
    svc = services(request)
    async with svc.sessions() as session:
        house = await house_of(request, session)
        assert house.id is not None
        roles = await fire_roles(session, landlord_grid_id=house.id)
    fire = svc.settings.register.house(house.code).fire_safety
    notices = list(fire.notices)
    return page(
        request,
        template,
        lang or lang_of(request),
        status=status,
        house=house,
        fire=fire,
        roles=roles,
        notices=notices,
        clue=clue,
        clue_error=clue_error,
    )


@routes.get("/h/{code}/sign-in")
async def sign_in_form(request: web.Request) -> web.Response:
    house = await stored_house(request)
    return _sign_in(request, house, lang_of(request), {}, {})


@routes.post("/h/{code}/sign-in")
async def sign_in(request: web.Request) -> web.Response:
    svc = services(request)
    form = await posted_form(request)
    lang = lang_of(request, form)
    async with session_scope(svc.sessions) as session:
        house = await house_of(request, session)
        refused = refusal(request, form)
        if refused:
            return _sign_in(
                request, house, lang, form, {"form": refused}, status=refusal_status(refused)
            )
        now = svc.clock.now()
        register = svc.settings.register
        checked = check_sign_in(
            form,
            today=now.astimezone(svc.settings.timezone).date(),
            rooms=register.house(house.code).rooms,
            required=register.required,
        )
        if checked.errors:
            return _sign_in(request, house, lang, form, checked.errors, status=400)
        await register_from_form(
            session,
            enqueuer=svc.enqueuer,
            keys=svc.keys,
            house=house,
            draft=checked.draft,
            now=now,
            tz=svc.settings.timezone,
        )
    svc.notify()
    return page(request, "register_done.html", lang, house=house, done="done_in")


@routes.get("/h/{code}/sign-out")
async def sign_out_form(request: web.Request) -> web.Response:
    house = await stored_house(request)
    return page(
        request, "register_sign_out.html", lang_of(request), house=house, form={}, errors={}
    )


@routes.post("/h/{code}/sign-out")
async def sign_out(request: web.Request) -> web.Response:
    svc = services(request)
    form = await posted_form(request)
    lang = lang_of(request, form)
    async with session_scope(svc.sessions) as session:
        house = await house_of(request, session)
        errors = {"form": refused} if (refused := refusal(request, form)) else {}
        checked = check_sign_out(form)
        errors = errors or checked.errors
        draft = checked.draft
        if not errors and draft.name and draft.document_number:
            stay = await sign_out_from_form(
                session,
                enqueuer=svc.enqueuer,
                keys=svc.keys,
                house=house,
                name=draft.name,
                number=draft.document_number,
                now=svc.clock.now(),
            )
            errors = {} if stay else {"form": "not_found"}
        if errors:
            status = refusal_status(errors.get("form", ""))
            context = {"house": house, "form": _kept(form), "errors": errors}
            return page(request, "register_sign_out.html", lang, status=status, **context)
    svc.notify()
    return page(request, "register_done.html", lang, house=house, done="done_out")


def _kept(form: dict[str, str]) -> dict[str, str]:
    # Sent back with an error, the page keeps what the tenant typed (nothing is lost); the
    # numbers go only to the browser that sent them.
    return {key: value for key, value in form.items() if key != FIELD}


def _sign_in(
    request: web.Request,
    house: LandlordGrid,
    lang: str,
    form: dict[str, str],
    errors: dict[str, str],
    *,
    status: int = 200,
) -> web.Response:
    register = services(request).settings.register
    rooms = register.house(house.code).rooms
    return page(
        request,
        "register_sign_in.html",
        lang,
        status=status,
        house=house,
        form=_kept(form),
        errors=errors,
        rooms=rooms,
        countries=countries(),
    )
