"""Writing a notice: the preview (a draft with its number), then "确认" or "取消".

Who may send where comes from the directory alone (models/crud/scope.py, the console's
scope): community staff, grid and micro-grid workers, for the houses they answer for.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.followup.quiet import QuietHours
from handlers.notices.grammar import Compose
from models.crud.dialogs import close_dialog, open_dialog
from models.crud.notices import (
    Places,
    PlannedDelivery,
    cancel_notice,
    create_notice,
    houses_under,
    notice_by_number,
    places_named,
    plan_notice,
    reach_of,
)
from models.crud.scope import Scope, scope_of
from models.messaging import Dialog
from models.notice import Notice, NoticeStatus

DIALOG = "notice"
STAFF = frozenset({"community_staff", "grid_worker", "micro_grid_worker"})


class Refusal(Exception):
    """A notice command that cannot be carried out: `reason` picks the words."""

    def __init__(self, reason: str, **context: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.context = context


def refused(inbound: Inbound, lang: str, refusal: Refusal) -> Outbound:
    return reply(
        inbound, "notice_refused", {"reason": refusal.reason, **refusal.context}, lang=lang
    )


async def staff_scope(session: AsyncSession, sender: Sender) -> Scope:
    """The sender's scope, if they are staff who may send notices."""
    person = sender.person
    if person is None or person.id is None:
        raise Refusal("not_staff")
    scope = await scope_of(session, person_id=person.id)
    if not STAFF & set(scope.positions):
        raise Refusal("not_staff")
    return scope


async def target_places(session: AsyncSession, scope: Scope, names: tuple[str, ...]) -> Places:
    """The places named, all of their houses within the sender's scope."""
    wanted: dict[str, set[int]] = {"community": set(), "grid": set(), "micro_grid": set()}
    houses: set[int] = set()
    for name in names:
        places = await places_named(session, name=name)
        if len(names) > 1:  # a list names houses only
            places = [place for place in places if place.level == "house"]
        if not places:
            raise Refusal("unknown_place", place=name)
        for place in places:
            if place.level == "house":
                houses.add(place.id)
            else:
                wanted[place.level].add(place.id)
    chosen = Places(
        tuple(sorted(wanted["community"])),
        tuple(sorted(wanted["grid"])),
        tuple(sorted(wanted["micro_grid"])),
        tuple(sorted(houses)),
    )
    found = await houses_under(session, places=chosen)
    if not found:
        raise Refusal("no_houses", place="、".join(names))
    if not set(found) <= scope.houses:
        raise Refusal("outside_scope", place="、".join(names))
    return chosen


async def preview(
    session: AsyncSession,
    *,
    inbound: Inbound,
    sender: Sender,
    command: Compose,
    settings: Settings,
    now: datetime,
) -> Outbound:
    scope = await staff_scope(session, sender)
    places = await target_places(session, scope, command.places)
    reach = await reach_of(session, places=places)
    if not reach.groups:
        houses = len(reach.without_group)
        raise Refusal("no_groups", place="、".join(command.places), houses=houses)
    send_at = None
    if command.when is not None:
        send_at = command.when.moment(now=now, tz=settings.timezone)
        if send_at is None or send_at <= now:
            raise Refusal("bad_time")
    assert sender.person is not None
    notice = await create_notice(
        session,
        notice=Notice(
            sender_id=sender.person.id,
            scope="houses" if len(command.places) > 1 else "place",
            scope_name="、".join(command.places),
            text=command.text,
            urgent=command.urgent,
            lang=sender.lang,
            context={"sender": sender.person.name},
            send_at=send_at,
            created_at=now,
        ),
    )
    await open_dialog(
        session,
        chat_id=inbound.chat_id,
        sender_id=inbound.sender_id,
        name=DIALOG,
        slots={"notice": notice.id, "places": places.slots()},
        expires_at=now + settings.notices.draft_timeout,
    )
    context = {
        "number": notice.id,
        "scope": notice.scope_name,
        "text": notice.text,
        "urgent": notice.urgent,
        "groups": len(reach.groups),
        "houses": len(reach.houses),
        "without_group": len(reach.without_group),
        "send_at": send_at.astimezone(settings.timezone) if send_at else None,
    }
    return reply(inbound, "notice_preview", context, lang=sender.lang)


async def confirm(
    session: AsyncSession,
    *,
    inbound: Inbound,
    dialog: Dialog,
    sender: Sender,
    settings: Settings,
    quiet: QuietHours,
    now: datetime,
) -> Outbound:
    await close_dialog(session, chat_id=inbound.chat_id, sender_id=inbound.sender_id)
    notice = await notice_by_number(session, number=int(dialog.slots["notice"]))
    if notice is None or notice.status is not NoticeStatus.DRAFT:
        raise Refusal("no_draft")
    # The groups as they are bound now (a group may have been bound since the preview).
    reach = await reach_of(session, places=Places.from_slots(dialog.slots["places"]))
    send_at = notice.send_at if notice.send_at and notice.send_at > now else now
    deliveries = [
        PlannedDelivery(ChatKind.GROUP.value, chat_id, "notice", notice.lang, houses=houses)
        for chat_id, houses in reach.groups.items()
    ]
    await plan_notice(
        session,
        notice=notice,
        deliveries=deliveries,
        leaders={house: reach.leaders.get(house) for house in reach.houses},
        send_at=send_at,
        until=send_at + settings.notices.in_force,
        now=now,
    )
    minutes = len(deliveries) / settings.sending.max_per_minute
    context = {
        "number": notice.id,
        "groups": len(deliveries),
        "houses": len(reach.houses),
        "urgent": notice.urgent,
        "scheduled": send_at > now,
        "send_at": send_at.astimezone(settings.timezone),
        "quiet": not notice.urgent and quiet.contains(send_at),
        "minutes": max(1, round(minutes + 0.49)),
    }
    return reply(inbound, "notice_confirmed", context, lang=sender.lang)


async def drop_draft(
    session: AsyncSession, *, inbound: Inbound, dialog: Dialog, sender: Sender, now: datetime
) -> Outbound:
    await close_dialog(session, chat_id=inbound.chat_id, sender_id=inbound.sender_id)
    notice = await notice_by_number(session, number=int(dialog.slots["notice"]))
    if notice is not None and notice.status is NoticeStatus.DRAFT:
        await cancel_notice(session, notice=notice, now=now)
    context = {"number": dialog.slots["notice"], "groups": 0, "draft": True}
    return reply(inbound, "notice_cancelled", context, lang=sender.lang)
