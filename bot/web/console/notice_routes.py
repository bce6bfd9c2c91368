"""Notices in the console: GET /console/notices (those of the person's scope, with their
figures), GET /console/notices/{number} (each house's receipt) and POST
/console/notices/{number}/cancel (a scheduled notice called off; the guard checks CSRF).

The same queries as the chat's "通知 N 情况" (models/crud/notices.py); a notice is shown
to whoever wrote it and to whoever looks after a house it reached."""

from __future__ import annotations

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.web.console.pages import console_page
from bot.web.console.services import CONSOLE
from bot.web.console.viewer import Viewer, viewer_of
from models.crud.notices import (
    cancel_notice,
    notice_by_number,
    notice_figures,
    notice_houses,
    notice_reaches,
    notices_for_houses,
)
from models.notice import Notice, NoticeKind, NoticeStatus

routes = web.RouteTableDef()


async def _visible(session: AsyncSession, viewer: Viewer, text: str) -> Notice | None:
    if not text.isdigit():
        return None
    notice = await notice_by_number(session, number=int(text))
    if notice is None or notice.kind is not NoticeKind.NOTICE:
        return None
    if notice.status is NoticeStatus.DRAFT:
        return None
    if notice.sender_id == viewer.person.id:
        return notice
    reached = await notice_reaches(session, notice_id=int(text), houses=viewer.scope.houses)
    return notice if reached else None


@routes.get("/console/notices")
async def notice_list(request: web.Request) -> web.Response:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    async with svc.sessions() as session:
        notices = await notices_for_houses(
            session, houses=viewer.scope.houses, sender_id=viewer.person.id
        )
        rows = [
            (notice, await notice_figures(session, notice_id=notice.id or 0)) for notice in notices
        ]
    return console_page(
        request, "console/notices.html", rows=rows, now=svc.clock.now(), tz=svc.settings.timezone
    )


@routes.get("/console/notices/{number}")
async def notice_page(request: web.Request) -> web.Response:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    async with svc.sessions() as session:
        notice = await _visible(session, viewer, request.match_info["number"])
        if notice is None or notice.id is None:
            return console_page(request, "console/not_found.html", status=404)
        figures = await notice_figures(session, notice_id=notice.id)
        houses = await notice_houses(session, notice_id=notice.id)
    now = svc.clock.now()
    scheduled = notice.status is NoticeStatus.CONFIRMED and bool(
        notice.send_at and notice.send_at > now
    )
    return console_page(
        request,
        "console/notice.html",
        notice=notice,
        figures=figures,
        houses=houses,
        may_cancel=scheduled,
        tz=svc.settings.timezone,
    )


@routes.post("/console/notices/{number}/cancel")
async def cancel(request: web.Request) -> web.StreamResponse:
    svc, viewer = request.app[CONSOLE], viewer_of(request)
    number = request.match_info["number"]
    now = svc.clock.now()
    async with svc.writing(), svc.sessions() as session, session.begin():
        notice = await _visible(session, viewer, number)
        if notice is None:
            return console_page(request, "console/not_found.html", status=404)
        if notice.status is NoticeStatus.CONFIRMED and notice.send_at and notice.send_at > now:
            await cancel_notice(session, notice=notice, now=now)
    return web.Response(status=303, headers={"Location": f"/console/notices/{number}"})
